import AIF
import Foundation
import Physics

/// Independent ground truth for the kinetics tests: continuous-time convolution of the analytic
/// gamma-variate AIF with the analytic Fermi residue, evaluated by fine Simpson quadrature at
/// irregular acquisition times (not the fitter's grid or interpolation).
enum SyntheticCurves {
    /// A seeded SplitMix64 generator with Gaussian draws (Box–Muller).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func gaussian() -> Double {
            let u1 = max(uniform(), 1e-300), u2 = uniform()
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
    }

    /// Acquisition times: one frame per beat, RR = `rrS` with ±`jitter` relative uniform jitter.
    static func acquisitionTimes(frames: Int = 60, rrS: Double = 0.85, jitter: Double = 0.12, seed: UInt64 = 7) -> [Double] {
        var rng = Random(state: seed)
        var t = 0.0
        return (0..<frames).map { _ in
            defer { t += rrS * (1 + jitter * (2 * rng.uniform() - 1)) }
            return t
        }
    }

    /// C(t) = ∫ Ca(t − v)·R(v) dv over v ∈ [τd, t − arrival], Simpson with ≥ 2000 panels.
    static func tissue(at t: Double, aif: GammaVariateAIF, residue: FermiResidue) -> Double {
        let a = residue.delayS, b = t - aif.arrivalS
        guard b > a else { return 0 }
        let panels = 2000
        let h = (b - a) / Double(panels)
        var sum = 0.0
        for i in 0...panels {
            let v = a + Double(i) * h
            let w: Double = (i == 0 || i == panels) ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += w * aif.concentration(at: t - v) * residue.value(at: v)
        }
        return sum * h / 3
    }

    static func aifCurve(_ aif: GammaVariateAIF, times: [Double]) throws -> AIFCurve {
        try AIFCurve(timesSeconds: times, gdMmolPerL: times.map { aif.concentration(at: $0) })
    }
}
