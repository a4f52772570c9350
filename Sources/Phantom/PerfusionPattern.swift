import Foundation
import Anatomy
import Physics

/// Ground-truth myocardial perfusion: MBF per AHA segment and transmural layer, and the shape
/// parameters of each segment's impulse response.
public struct PerfusionPattern: Sendable, Equatable {
    /// Number of transmural layers (endocardium first).
    public static let layerCount = 4

    /// MBF, ml/min/g, indexed [segment − 1][layer].
    public var mbf: [[Double]]
    /// Fermi shoulder τ0 (s), delay τd (s) and distribution volume (ml/ml) per segment.
    public var shoulderS: [Double]
    public var delayS: [Double]
    public var distributionVolume: [Double]
    /// 2CXM parameters per segment: plasma volume vp, interstitial volume ve (ml/ml), PS (ml/min/g).
    public var vp: [Double]
    public var ve: [Double]
    public var psMlPerMinPerG: [Double]

    /// Draws a pattern from a spec: normal segments at `normalMBF`·(1 ± 5%), the ischaemic
    /// territory's segments with an endo → epi gradient from `ischaemicEndoMBF` to `ischaemicEpiMBF`.
    public static func random(spec: PhantomSpec, dt: Double, using g: inout SeededGenerator) -> PerfusionPattern {
        var mbf: [[Double]] = []
        var tau0: [Double] = [], delay: [Double] = [], vd: [Double] = [], vp: [Double] = [], ve: [Double] = [], ps: [Double] = []
        for seg in AHASegment.all {
            let normal = spec.normalMBF * (1 + 0.05 * max(-2, min(2, g.normal())))
            if let t = spec.ischaemicTerritory, seg.territory == t {
                let scale = 1 + 0.05 * max(-2, min(2, g.normal()))
                mbf.append((0..<layerCount).map { l in
                    let f = (Double(l) + 0.5) / Double(layerCount)
                    return scale * (spec.ischaemicEndoMBF + (spec.ischaemicEpiMBF - spec.ischaemicEndoMBF) * f)
                })
            } else {
                mbf.append([Double](repeating: normal, count: layerCount))
            }
            tau0.append(g.uniform(1.5, 2.5))
            delay.append((g.uniform(0.2, 1.2) / dt).rounded() * dt)  // on the grid: exact trapezoid
            vd.append(g.uniform(0.2, 0.28))
            vp.append(g.uniform(0.05, 0.07))
            ve.append(g.uniform(0.15, 0.2))
            ps.append(g.uniform(1.0, 1.4))
        }
        return PerfusionPattern(mbf: mbf, shoulderS: tau0, delayS: delay, distributionVolume: vd, vp: vp, ve: ve, psMlPerMinPerG: ps)
    }

    /// Mean MBF of a segment over its layers (equal-thickness layers), ml/min/g.
    public func segmentMeanMBF(_ segment: Int) -> Double {
        mbf[segment - 1].reduce(0, +) / Double(mbf[segment - 1].count)
    }

    /// The Fermi residue of a segment layer: F from MBF; k chosen so that ∫R dt equals the
    /// segment's distribution volume, ∫R = F·ln(1 + e^{kτ0})/k (§4).
    public func fermi(segment: Int, layer: Int) -> FermiResidue {
        let i = segment - 1
        return Self.fermi(mbf: mbf[i][layer], shoulderS: shoulderS[i], delayS: delayS[i], volume: distributionVolume[i])
    }

    public static func fermi(mbf: Double, shoulderS: Double, delayS: Double, volume: Double) -> FermiResidue {
        let r0 = mbf * myocardialDensityGPerMl / 60
        // ∫R = F ln(1+e^{kτ0})/k, F = r0(1+e^{−kτ0}); decreasing in k: bisection on log k.
        func integral(_ k: Double) -> Double { r0 * (1 + exp(-k * shoulderS)) * log1p(exp(k * shoulderS)) / k }
        var lo = log(1e-3), hi = log(20.0)
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if integral(exp(mid)) > volume { lo = mid } else { hi = mid }
        }
        return FermiResidue(mbfMlPerMinPerG: mbf, shoulderS: shoulderS, washoutPerS: exp(0.5 * (lo + hi)), delayS: delayS)
    }
}
