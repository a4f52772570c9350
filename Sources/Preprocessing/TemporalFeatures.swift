import MyoFlowCore

/// Per-pixel features of the contrast passage, computed over the dynamic (non-PD) frames.
///
/// Enhancement e(t) = s(t) − baseline, with the baseline the median of the first
/// `baselineFrames` dynamic frames. `peakEnhancement` is the maximum of e over a 3-frame moving
/// average (noise-robust); `arrivalSeconds` the time at which the smoothed curve first reaches half
/// of its peak (linear interpolation between frames); NaN when the pixel does not enhance.
public struct TemporalFeatures: Sendable {
    public let rows: Int
    public let columns: Int
    public let baseline: [Float]
    public let peakEnhancement: [Float]
    public let arrivalSeconds: [Double]
    /// Frame indices (into all frames) of the dynamic frames used.
    public let dynamicFrames: [Int]

    public static let minimumDynamicFrames = 8

    public init(series: ImageSeries, baselineFrames: Int = 3) throws {
        let dyn = series.dynamicFrameIndices
        guard dyn.count >= Self.minimumDynamicFrames else {
            throw PreprocessingError.tooFewFrames(series: series.seriesInstanceUID, dynamicFrames: dyn.count, needed: Self.minimumDynamicFrames)
        }
        let n = series.pixelsPerFrame
        let nb = max(1, min(baselineFrames, dyn.count / 4))
        var baseline = [Float](repeating: 0, count: n)
        var peak = [Float](repeating: 0, count: n)
        var arrival = [Double](repeating: .nan, count: n)
        let times = dyn.map { series.timesSeconds[$0] }
        series.pixels.withUnsafeBufferPointer { px in
            var curve = [Float](repeating: 0, count: dyn.count)
            var smooth = curve
            var base = [Float](repeating: 0, count: nb)
            for i in 0..<n {
                for (k, f) in dyn.enumerated() { curve[k] = px[f * n + i] }
                for k in 0..<nb { base[k] = curve[k] }
                base.sort()
                let b = nb % 2 == 1 ? base[nb / 2] : 0.5 * (base[nb / 2 - 1] + base[nb / 2])
                baseline[i] = b
                for k in 0..<dyn.count {
                    let lo = max(0, k - 1), hi = min(dyn.count - 1, k + 1)
                    var s: Float = 0
                    for j in lo...hi { s += curve[j] }
                    smooth[k] = s / Float(hi - lo + 1) - b
                }
                var best: Float = 0
                for v in smooth where v > best { best = v }
                peak[i] = best
                guard best > 0 else { continue }
                let half = best / 2
                for k in 0..<dyn.count where smooth[k] >= half {
                    if k == 0 { arrival[i] = times[0]; break }
                    let a = smooth[k - 1], c = smooth[k]
                    let w = Double((half - a) / max(c - a, 1e-12))
                    arrival[i] = times[k - 1] + w * (times[k] - times[k - 1])
                    break
                }
            }
        }
        guard peak.contains(where: { $0 > 0 }) else { throw PreprocessingError.noEnhancement(series: series.seriesInstanceUID) }
        rows = series.rows
        columns = series.columns
        self.baseline = baseline
        peakEnhancement = peak
        arrivalSeconds = arrival
        dynamicFrames = dyn
    }
}
