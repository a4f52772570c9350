import Foundation
import Physics

/// Parameters of the Fermi impulse response R(t) = F/(exp[k(t − τ0 − τd)] + 1)·Θ(t − τd)
/// (physics-and-acquisition.md §4): the Physics module's `FermiResidue` (F, τ0, k, τd and
/// MBF = R(τd)·60/ρ), in the solver's parameter order.
public typealias FermiParameters = FermiResidue

extension FermiResidue {
    var array: [Double] { [amplitudePerS, shoulderS, washoutPerS, delayS] }
    init(_ a: [Double]) { self.init(amplitudePerS: a[0], shoulderS: a[1], washoutPerS: a[2], delayS: a[3]) }
}

/// Box bounds of the Fermi parameters. F, k and τd use a smooth reparametrisation
/// θ = lo + (hi − lo)·σ(x) (σ logistic), so trust-region steps never leave the box and never
/// freeze on a bound. τ0 uses projection instead (clamped, zero Jacobian column beyond a bound):
/// its optimum often lies on τ0 = 0 for noisy curves, where the logistic crept towards the bound
/// for ~70 iterations; when a fit ends with τ0 frozen and its residual exceeds 3× the curve's noise
/// (second differences), it is refitted once from τ0 = 2 s and the better fit kept (a parameter
/// that crossed its bound early cannot return under projection).
///
/// Defaults ([DAV] bounds widened, §4): F ∈ [0, 0.25] s⁻¹ (MBF ≤ 14 ml/min/g), τ0 ∈ [0, 20] s,
/// k ∈ [0.005, 10] s⁻¹, τd ∈ [−1, 5] s. The negative delay margin absorbs the timing offset
/// between the AIF readout (at the R-wave) and the tissue slice; MBF = R(τd) does not depend on τd.
public struct FermiBounds: Sendable, Equatable {
    public var amplitudePerS: ClosedRange<Double> = 0...0.25
    public var shoulderS: ClosedRange<Double> = 0...20
    public var washoutPerS: ClosedRange<Double> = 0.005...10
    public var delayS: ClosedRange<Double> = -1...5
    public init() {}

    var lower: [Double] { [amplitudePerS.lowerBound, shoulderS.lowerBound, washoutPerS.lowerBound, delayS.lowerBound] }
    var upper: [Double] { [amplitudePerS.upperBound, shoulderS.upperBound, washoutPerS.upperBound, delayS.upperBound] }

    /// Clamps a parameter set strictly inside the box.
    func clampedInside(_ p: FermiParameters) -> FermiParameters {
        let lo = lower, hi = upper
        return FermiParameters(p.array.enumerated().map { j, v in
            let span = hi[j] - lo[j]
            let value = v.isFinite ? v : lo[j] + 0.5 * span
            return min(max(value, lo[j] + 1e-4 * span), hi[j] - 1e-4 * span)
        })
    }
}
