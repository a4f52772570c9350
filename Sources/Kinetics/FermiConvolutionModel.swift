import Foundation

/// The discretised forward model C = Ca ⊗ R_F on a uniform grid, with its analytic Jacobian
/// (physics-and-acquisition.md §4 and §10 item 5: C = Δt·A·R).
///
/// The delay is applied by shifting the AIF's time origin, so the residue itself starts at the
/// grid origin: C(tᵢ) = Δt·Σₘ wₘ·R0(mΔt)·Ca(tᵢ − τd − mΔt), R0(v) = F/(exp[k(v − τ0)] + 1),
/// Simpson weights w₀ = ⅓, w_odd = 4⁄3, w_even = ⅔ (the far end of the sum lies before the
/// bolus, where the integrand vanishes, so the open end needs no closing weight). Ca at the fractional position is a Catmull–Rom cubic of the
/// grid samples (zero before the window, last value after it), which keeps the model and
/// ∂C/∂τd continuous in τd for any fractional delay.
///
/// Buffers are allocated once and reused (one model per worker thread; not thread-safe).
final class FermiConvolutionModel {
    let n: Int
    let dt: Double
    // Raw buffers: the model is evaluated ~10⁵ times a second; array bounds checks and CoW
    // checks in the inner loops would dominate.
    let aif: UnsafeMutablePointer<Double>
    let shifted: UnsafeMutablePointer<Double>
    let shiftedDerivative: UnsafeMutablePointer<Double>
    let residue: UnsafeMutablePointer<Double>
    let dResidueDF: UnsafeMutablePointer<Double>
    let dResidueDTau0: UnsafeMutablePointer<Double>
    let dResidueDK: UnsafeMutablePointer<Double>

    init(aifOnGrid: [Double], stepS: Double) {
        n = aifOnGrid.count
        dt = stepS
        aif = .allocate(capacity: n)
        aif.initialize(from: aifOnGrid, count: n)
        shifted = .allocate(capacity: n)
        shiftedDerivative = .allocate(capacity: n)
        residue = .allocate(capacity: n)
        dResidueDF = .allocate(capacity: n)
        dResidueDTau0 = .allocate(capacity: n)
        dResidueDK = .allocate(capacity: n)
    }

    deinit {
        for p in [aif, shifted, shiftedDerivative, residue, dResidueDF, dResidueDTau0, dResidueDK] { p.deallocate() }
    }

    @inline(__always)
    private func aifAt(_ i: Int) -> Double { i < 0 ? 0 : aif[min(i, n - 1)] }

    /// Fills `shifted` with Ca(tⱼ − τd) and, when asked, `shiftedDerivative` with ∂/∂τd.
    @inline(__always)
    func shiftAIF(delayS: Double, derivative: Bool) {
        let s = delayS / dt
        for j in 0..<n {
            let x = Double(j) - s
            let qf = x.rounded(.down)
            let q = Int(qf), u = x - qf
            let p0 = aifAt(q - 1), p1 = aifAt(q), p2 = aifAt(q + 1), p3 = aifAt(q + 2)
            let c1 = p2 - p0, c2 = 2 * p0 - 5 * p1 + 4 * p2 - p3, c3 = 3 * (p1 - p2) + p3 - p0
            shifted[j] = 0.5 * (2 * p1 + u * (c1 + u * (c2 + u * c3)))
            if derivative { shiftedDerivative[j] = -0.5 * (c1 + u * (2 * c2 + 3 * u * c3)) / dt }
        }
    }

    /// Fills `residue` with wₘ·R0(mΔt) and, when asked, its derivatives in F, τ0, k.
    @inline(__always)
    func fillResidue(_ p: FermiParameters, derivatives: Bool) {
        let f = p.amplitudePerS, tau0 = p.shoulderS, k = p.washoutPerS
        for m in 0..<n {
            let v = Double(m) * dt
            let z = k * (v - tau0)
            // g = 1/(e^z + 1), evaluated without overflow for either sign of z.
            let g: Double
            if z > 0 { let e = exp(-z); g = e / (1 + e) } else { g = 1 / (1 + exp(z)) }
            let w = m == 0 ? 1.0 / 3 : (m % 2 == 1 ? 4.0 / 3 : 2.0 / 3)
            residue[m] = w * f * g
            if derivatives {
                let gg = w * g * (1 - g)  // w·e^z·g² = w·g(1 − g)
                dResidueDF[m] = w * g
                dResidueDTau0[m] = f * k * gg
                dResidueDK[m] = -f * (v - tau0) * gg
            }
        }
    }

    /// Model values C(tᵢ), i < n, into `out`.
    func evaluate(_ p: FermiParameters, into out: UnsafeMutableBufferPointer<Double>) {
        shiftAIF(delayS: p.delayS, derivative: false)
        fillResidue(p, derivatives: false)
        for i in 0..<n {
            var acc = 0.0
            for m in 0...i { acc += residue[m] * shifted[i - m] }
            out[i] = acc * dt
        }
    }

    /// ∂C(tᵢ)/∂(F, τ0, k, τd) into row-major n×4 `jacobian`, each column multiplied by
    /// `columnScale[j]` (the chain-rule factor of the reparametrisation).
    func jacobian(_ p: FermiParameters, columnScale: (Double, Double, Double, Double), into jacobian: UnsafeMutableBufferPointer<Double>) {
        shiftAIF(delayS: p.delayS, derivative: true)
        fillResidue(p, derivatives: true)
        for i in 0..<n {
            var aF = 0.0, aT = 0.0, aK = 0.0, aD = 0.0
            for m in 0...i {
                let b = shifted[i - m]
                aF += dResidueDF[m] * b
                aT += dResidueDTau0[m] * b
                aK += dResidueDK[m] * b
                aD += residue[m] * shiftedDerivative[i - m]
            }
            jacobian[4 * i] = aF * dt * columnScale.0
            jacobian[4 * i + 1] = aT * dt * columnScale.1
            jacobian[4 * i + 2] = aK * dt * columnScale.2
            jacobian[4 * i + 3] = aD * dt * columnScale.3
        }
    }
}
