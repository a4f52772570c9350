import Foundation
import MyoFlowCore
import Phantom
import Physics
import XCTest

final class FermiFitTests: XCTestCase {
    /// A Fermi fit (Nelder–Mead, written here independently of the phantom) of a noiseless
    /// segment curve, with the true AIF, recovers the segment's MBF within 1%.
    func testFermiFitRecoversSegmentMBF() throws {
        let s = try StudySynthesizer.synthesize(TestSupport.cleanSpec(.stressLAD, seed: 11))
        let truth = s.truth
        let mid = truth.series[1]
        let img = s.study.slices[1]
        let relax = RelaxationConstants(fieldStrengthT: 3)!
        let aif = truth.lvAIF
        var tested = 0
        // One normal segment (uniform MBF across the wall) and check its whole-segment mean curve.
        for segment in [10, 11] {  // mid inferior, mid inferolateral: outside the LAD territory
            let pixels = mid.scene.segments.indices.filter { mid.scene.segments[$0] == UInt8(segment) }
            XCTAssertGreaterThan(pixels.count, 20)
            // Segment curve from the images by signal inversion (noiseless, motion-free).
            var curve = [Double](repeating: 0, count: img.frames)
            for i in pixels {
                let r = i / img.columns, c = i % img.columns
                for f in img.dynamicFrameIndices {
                    curve[f] += TestSupport.invertCentric(signal: Double(img[f, r, c]), pd: Double(img[0, r, c]), ts: 0.1,
                                                          flipDeg: img.sequence.flipAngleDeg!, pdFlipDeg: img.sequence.pdFlipAngleDeg!,
                                                          nativeT1: relax.t1MyocardiumS, r1: relax.r1) / Double(pixels.count)
                }
            }
            let times = img.dynamicFrameIndices.map { img.timesSeconds[$0] }
            let data = img.dynamicFrameIndices.map { curve[$0] }
            let trueMBF = truth.segmentMBF[segment - 1]
            // True AIF tabulated every 5 ms (linear interpolation is exact to ~1e-5 relative).
            let table = (0...Int((times.last! + 1) / 0.005)).map { aif.concentration(at: Double($0) * 0.005) }
            let fitted = fitFermiMBF(times: times, data: data, aif: { t in
                let x = max(0, t / 0.005), i = min(Int(x), table.count - 2), w = x - Double(i)
                return table[i] * (1 - w) + table[i + 1] * w
            })
            print("Fermi fit, segment \(segment): fitted \(fitted), true \(trueMBF) ml/min/g")
            XCTAssertEqual(fitted, trueMBF, accuracy: 0.01 * trueMBF, "segment \(segment)")
            tested += 1
        }
        XCTAssertEqual(tested, 2)
    }

    /// Model C(t) = ∫_{τd}^{t} R(s)·Ca(t − s) ds, trapezoid with nodes from τd (h ≈ 0.1 s).
    private func model(_ p: [Double], times: [Double], aif: (Double) -> Double) -> [Double] {
        let r = FermiResidue(amplitudePerS: p[0], shoulderS: p[1], washoutPerS: p[2], delayS: p[3])
        let h = 0.1
        return times.map { t in
            guard t > r.delayS else { return 0 }
            let n = Int(((t - r.delayS) / h).rounded(.up))
            let step = (t - r.delayS) / Double(n)
            var sum = 0.0
            for k in 0...n {
                let sk = r.delayS + Double(k) * step
                let w = (k == 0 || k == n) ? 0.5 : 1
                sum += w * (sk == r.delayS ? r.amplitudePerS / (exp(-r.washoutPerS * r.shoulderS) + 1) : r.value(at: sk)) * aif(t - sk)
            }
            return sum * step
        }
    }

    private func fitFermiMBF(times: [Double], data: [Double], aif: (Double) -> Double) -> Double {
        func cost(_ p: [Double]) -> Double {
            guard p[0] > 0, p[1] >= 0, p[2] > 0, p[3] >= 0, p[3] < 5 else { return .infinity }
            return zip(model(p, times: times, aif: aif), data).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        var best = [0.04, 1.0, 0.2, 0.5]
        for _ in 0..<3 { best = nelderMead(cost, start: best, scale: best.map { max(0.1 * abs($0), 0.02) }, iterations: 700) }
        return best[0] / (1 + exp(-best[2] * best[1])) * 60 / myocardialDensityGPerMl
    }

    private func nelderMead(_ f: ([Double]) -> Double, start: [Double], scale: [Double], iterations: Int) -> [Double] {
        let n = start.count
        var simplex = [start] + (0..<n).map { i in var p = start; p[i] += scale[i]; return p }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }; values = order.map { values[$0] }
            let centroid = (0..<n).map { j in simplex.dropLast().reduce(0) { $0 + $1[j] } / Double(n) }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1), fr = f(reflected)
            if fr < values[0] {
                let expanded = along(-2), fe = f(expanded)
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let contracted = along(0.5), fc = f(contracted)
                if fc < values[n] { simplex[n] = contracted; values[n] = fc } else {
                    for i in 1...n { simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }; values[i] = f(simplex[i]) }
                }
            }
        }
        return simplex[values.indices.min { values[$0] < values[$1] }!]
    }
}
