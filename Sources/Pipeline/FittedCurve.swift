import AIF
import Kinetics
import Physics

/// The tissue curve a Fermi fit implies, for plotting: C(t) = ∫ Ca(s)·R(t − s) ds with the
/// fitted residue R (delay included; physics-and-acquisition.md §4), Ca linearly interpolated
/// onto a uniform grid of `stepS`.
enum FittedCurve {
    static func evaluate(_ parameters: FermiParameters, aif: AIFCurve, stepS: Double = 0.25) -> (times: [Double], gd: [Double]) {
        let t = aif.timesSeconds, y = aif.gdMmolPerL
        guard let t0 = t.first, let t1 = t.last, t1 > t0 else { return ([], []) }
        let count = Int((t1 - t0) / stepS) + 1
        let grid = (0..<count).map { t0 + Double($0) * stepS }
        var k = 0
        let ca = grid.map { s -> Double in
            while k + 1 < t.count - 1 && t[k + 1] < s { k += 1 }
            let w = min(1, max(0, (s - t[k]) / max(t[k + 1] - t[k], 1e-9)))
            return y[k] + w * (y[k + 1] - y[k])
        }
        let residue = FermiResidue(amplitudePerS: parameters.amplitudePerS, shoulderS: parameters.shoulderS,
                                   washoutPerS: parameters.washoutPerS, delayS: parameters.delayS)
        let kernel = (0..<count).map { residue.value(at: Double($0) * stepS) }
        return (grid, UniformConvolution.convolve(ca, kernel, dt: stepS))
    }
}
