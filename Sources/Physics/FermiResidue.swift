import Foundation

/// The Fermi impulse response (Jerosch-Herold 1998; physics-and-acquisition.md §4):
/// R(t) = F / (exp[k(t − τ0 − τd)] + 1) for t ≥ τd, 0 before.
public struct FermiResidue: Sendable, Equatable {
    /// Amplitude F, s⁻¹.
    public var amplitudePerS: Double
    /// Shoulder width τ0, s.
    public var shoulderS: Double
    /// Wash-out rate k, s⁻¹.
    public var washoutPerS: Double
    /// Delay τd, s.
    public var delayS: Double

    public init(amplitudePerS: Double, shoulderS: Double, washoutPerS: Double, delayS: Double) {
        self.amplitudePerS = amplitudePerS
        self.shoulderS = shoulderS
        self.washoutPerS = washoutPerS
        self.delayS = delayS
    }

    /// The residue with MBF (ml/min/g) as given: F chosen so that R(τd) = MBF·ρ/60.
    public init(mbfMlPerMinPerG: Double, shoulderS: Double, washoutPerS: Double, delayS: Double) {
        let r0 = mbfMlPerMinPerG * myocardialDensityGPerMl / 60
        self.init(amplitudePerS: r0 * (1 + exp(-washoutPerS * shoulderS)), shoulderS: shoulderS,
                  washoutPerS: washoutPerS, delayS: delayS)
    }

    @inlinable
    public func value(at t: Double) -> Double {
        t < delayS ? 0 : amplitudePerS / (exp(washoutPerS * (t - shoulderS - delayS)) + 1)
    }

    /// MBF = R(τd)·60/ρ = F/(1 + e^(−kτ0))·60/ρ, ml/min/g (§4).
    public var mbfMlPerMinPerG: Double {
        amplitudePerS / (1 + exp(-washoutPerS * shoulderS)) * 60 / myocardialDensityGPerMl
    }
}
