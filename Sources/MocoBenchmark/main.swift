// MocoBenchmark: times the iterative motion-correction baseline on a synthetic study of
// 4 slices × (2 PD + 60 dynamic) frames of 128×128 pixels and prints seconds per slice and per
// frame, plus the residual motion against the known fields (accuracy check).
// Usage: swift run -c release MocoBenchmark [slices] [dynamicFrames] [size]
import Dispatch
import Foundation
import MotionCorrection
import MyoFlowCore

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let slices = arguments.count > 0 ? arguments[0] : 4
let dynamicFrames = arguments.count > 1 ? arguments[1] : 60
let size = arguments.count > 2 ? arguments[2] : 128
let pdFrames = 2

/// Deterministic generator (SplitMix64).
struct Generator {
    var state: UInt64
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return lo + (hi - lo) * Double(z >> 11) / Double(1 << 53)
    }
}

/// One synthetic slice: textured background, LV blood pool, myocardial ring and RV with
/// contrast passage; breathing-like motion (affine) plus a smooth local deformation per frame.
func makeSlice(seed: UInt64) -> (series: ImageSeries, truth: [DisplacementField], ring: Mask) {
    var rng = Generator(state: seed)
    let n = size, s = Double(size) / 64, frames = pdFrames + dynamicFrames
    let centre = Double(n) / 2
    let blobs = (0..<40).map { _ in (rng.uniform(0, Double(n)), rng.uniform(0, Double(n)), rng.uniform(2.5, 7) * s, rng.uniform(0.1, 0.5)) }
    func soft(_ d: Double) -> Double { 1 / (1 + exp(-d / 0.6)) }
    func gamma(_ t: Double, _ peak: Double, _ width: Double) -> Double { t > 0 ? pow(t / peak, width) * exp(width * (1 - t / peak)) : 0 }
    var pixels = [Float](repeating: 0, count: frames * n * n)
    var truth: [DisplacementField] = []
    let reference = pdFrames + dynamicFrames - 11
    for f in 0..<frames {
        let t = f - pdFrames
        var u = DisplacementField(rows: n, columns: n)
        if f != reference {
            let phase = 2 * Double.pi * Double(f) / 5.0
            let a = AffineTransform2D.about(centre: (Double(n - 1) / 2, Double(n - 1) / 2), rotation: 0.03 * sin(phase),
                                            scale: 1 + 0.02 * cos(phase),
                                            translation: (4 * s * sin(phase) + rng.uniform(-1, 1), 1.5 * s * cos(phase) + rng.uniform(-1, 1)))
            u = a.displacementField(rows: n, columns: n)
            let br = centre + rng.uniform(-6, 6) * s, bc = centre + rng.uniform(-6, 6) * s, angle = rng.uniform(0, 2 * .pi)
            for r in 0..<n {
                for c in 0..<n {
                    let g = exp(-(pow(Double(r) - br, 2) + pow(Double(c) - bc, 2)) / (2 * 81 * s * s))
                    u.rowDisplacement[r * n + c] += Float(g * cos(angle)); u.columnDisplacement[r * n + c] += Float(g * sin(angle))
                }
            }
        }
        let w = FieldInversion.inverse(of: u, iterations: 25)
        let tt = Double(t) - 0.12 * Double(dynamicFrames), nd = Double(dynamicFrames)
        let blood = t < 0 ? 0.95 : 0.15 + 1.6 * gamma(tt, 0.15 * nd, 3)
        let rv = t < 0 ? 0.95 : 0.15 + 1.8 * gamma(tt, 0.08 * nd, 3)
        let myo = t < 0 ? 0.8 : 0.12 + 0.35 * gamma(tt, 0.28 * nd, 2)
        let tissueGain = t < 0 ? 0.9 : 0.35
        for r in 0..<n {
            for c in 0..<n {
                let i = r * n + c
                let pr = Double(r) + Double(w.rowDisplacement[i]), pc = Double(c) + Double(w.columnDisplacement[i])
                var background = 0.25
                for b in blobs { background += b.3 * exp(-(pow(pr - b.0, 2) + pow(pc - b.1, 2)) / (2 * b.2 * b.2)) }
                let radius = (pow(pr - centre, 2) + pow(pc - centre, 2)).squareRoot()
                let inLV = soft(8 * s - radius), inHeart = soft(13 * s - radius)
                let inRV = soft(5.5 * s - (pow(pr - centre + 2 * s, 2) + pow(pc - centre + 20 * s, 2)).squareRoot())
                let value = (1 - inHeart) * ((1 - inRV) * tissueGain * background + inRV * rv) + inLV * blood + (inHeart - inLV) * myo
                pixels[f * n * n + i] = Float(value + 0.01 * rng.uniform(-1.7, 1.7))
            }
        }
        truth.append(u)
    }
    var ring = [Bool](repeating: false, count: n * n)
    for r in 0..<n { for c in 0..<n { let d = (pow(Double(r) - centre, 2) + pow(Double(c) - centre, 2)).squareRoot(); ring[r * n + c] = d >= 8 * s && d <= 13 * s } }
    let series = try! ImageSeries(frames: frames, rows: n, columns: n, pixels: pixels, geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 1.8)),
                                  timesSeconds: (0..<frames).map { Double($0) * 0.8 }, pdFrameIndices: Array(0..<pdFrames),
                                  seriesDescription: "synthetic slice \(seed)")
    return (series, truth, Mask(rows: n, columns: n, values: ring))
}

print("MocoBenchmark: \(slices) slices × (\(pdFrames) PD + \(dynamicFrames) dynamic) frames, \(size)×\(size), \(ProcessInfo.processInfo.activeProcessorCount) cores")
let corrector = IterativeMotionCorrection.corrector()
var totalSeconds = 0.0
var stageTotals: [String: Double] = [:]
for slice in 0..<slices {
    let data = makeSlice(seed: UInt64(slice + 1))
    let start = DispatchTime.now()
    let result = try corrector.correct(data.series)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    totalSeconds += seconds
    for (k, v) in result.stageSeconds { stageTotals[k, default: 0] += v }
    let zero = DisplacementField(rows: size, columns: size)
    let frames = Array(0..<data.series.frames)
    let before = frames.map { MotionQualityMetrics.residualMotionRMS(estimated: zero, truth: data.truth[$0], mask: data.ring) }.reduce(0, +) / Double(frames.count)
    let after = frames.map { MotionQualityMetrics.residualMotionRMS(estimated: result.fields[$0], truth: data.truth[$0], mask: data.ring) }.reduce(0, +) / Double(frames.count)
    print(String(format: "slice %d: %.2f s (%.3f s/frame); residual motion in ring %.2f → %.2f px; outliers %@", slice, seconds,
                 seconds / Double(data.series.frames), before, after, "\(result.outliers.flaggedFrames)"))
}
let frameCount = Double(slices * (pdFrames + dynamicFrames))
print(String(format: "iterative baseline: %.2f s per slice, %.3f s per frame (total %.1f s)", totalSeconds / Double(slices), totalSeconds / frameCount, totalSeconds))
print("stage seconds (all slices): " + stageTotals.sorted { $0.key < $1.key }.map { String(format: "%@ %.1f", $0.key, $0.value) }.joined(separator: ", "))
