import Foundation
import MyoFlowCore

/// The LV and RV blood pools of one slice, found from the contrast passage.
public struct BloodPools: Sendable {
    public let lv: Mask
    public let rv: Mask?
    public let lvCentre: PixelPosition
    /// Half-peak arrival times of the pools' mean curves, s.
    public let lvArrivalSeconds: Double
    public let rvArrivalSeconds: Double?
    /// Frame (0-based over all frames, PD included) of peak LV enhancement.
    public let peakLVFrame: Int
    public let warnings: [String]
}

/// Locates the blood pools without fixed intensities or geometry: blood enhances most during
/// the first pass, and the RV fills seconds before the LV (pulmonary transit). Candidates are
/// pixels whose peak enhancement exceeds `relativeThreshold` × the 99.5th percentile; their
/// arrival times split into an early (RV) and a late (LV) class by 1-D two-means; the LV is the
/// late connected component of at least `minimumAreaMm2` with the largest area × compactness
/// (a round pool beats an equally large crescent or a thin vessel).
public struct BloodPoolLocator: Sendable {
    public var relativeThreshold: Float = 0.45
    public var minimumAreaMm2: Double = 60
    /// Arrival classes closer than this are not separable (no distinct RV).
    public var minimumTransitSeconds: Double = 1.0

    public init() {}

    public func locate(_ series: ImageSeries, features: TemporalFeatures? = nil) throws -> BloodPools {
        let f = try features ?? TemporalFeatures(series: series)
        let n = series.pixelsPerFrame
        let spacing = series.geometry.spacing
        let minPixels = max(4, Int(minimumAreaMm2 / spacing.pixelAreaMm2))
        let uid = series.seriesInstanceUID
        var warnings: [String] = []

        let smoothed = boxSmooth(f.peakEnhancement, rows: series.rows, columns: series.columns)
        let sorted = smoothed.sorted()
        let reference = sorted[min(n - 1, Int(0.995 * Double(n)))]
        guard reference > 0 else { throw PreprocessingError.noEnhancement(series: uid) }
        let threshold = relativeThreshold * reference
        var candidate = smoothed.enumerated().map { $0.element > threshold && f.arrivalSeconds[$0.offset].isFinite }
        // Arrival classes (1-D two-means on sorted values: exact optimal split).
        let arrivals = candidate.indices.filter { candidate[$0] }.map { f.arrivalSeconds[$0] }.sorted()
        guard arrivals.count >= minPixels else {
            throw PreprocessingError.noLVFound(series: uid, detail: "only \(arrivals.count) strongly enhancing pixels")
        }
        let split = twoMeansSplit(arrivals)
        var lateOnly = candidate
        var earlyMask: Mask?
        if let split, split.lateMean - split.earlyMean >= minimumTransitSeconds {
            var early = [Bool](repeating: false, count: n)
            for i in 0..<n where candidate[i] {
                if f.arrivalSeconds[i] < split.threshold { early[i] = true; lateOnly[i] = false }
            }
            earlyMask = Mask(rows: series.rows, columns: series.columns, values: early)
        } else {
            warnings.append("RV and LV arrival times not separable; LV chosen as the largest enhancing region")
        }
        candidate = lateOnly
        let lateComponents = ConnectedComponents.of(Mask(rows: series.rows, columns: series.columns, values: candidate))
            .filter { $0.count >= minPixels }
        let scored = lateComponents.map { ($0, ConnectedComponents.compactness($0, rows: series.rows, columns: series.columns)) }
        guard let (lvPixels, lvCompactness) = scored.max(by: { Double($0.0.count) * $0.1 < Double($1.0.count) * $1.1 }) else {
            throw PreprocessingError.noLVFound(series: uid, detail: "no late-enhancing region of at least \(Int(minimumAreaMm2)) mm²")
        }
        let lv = mask(lvPixels, rows: series.rows, columns: series.columns)
        if lvCompactness < 0.5 { warnings.append("the LV blood pool found is not compact (compactness \(String(format: "%.2f", lvCompactness)))") }

        var rv: Mask?
        if let earlyMask, let rvPixels = ConnectedComponents.of(earlyMask).first, rvPixels.count >= minPixels {
            rv = mask(rvPixels, rows: series.rows, columns: series.columns)
        }
        let centre = lv.centroid!
        let lvCurve = meanCurve(series, lv)
        let dyn = f.dynamicFrames
        let peakK = dyn.indices.max { lvCurve[dyn[$0]] < lvCurve[dyn[$1]] }!
        return BloodPools(
            lv: lv, rv: rv, lvCentre: PixelPosition(row: centre.row, column: centre.column),
            lvArrivalSeconds: halfPeakArrival(lvCurve, series: series, frames: dyn),
            rvArrivalSeconds: rv.map { halfPeakArrival(meanCurve(series, $0), series: series, frames: dyn) },
            peakLVFrame: dyn[peakK], warnings: warnings)
    }

    // MARK: helpers

    private func mask(_ pixels: [Int], rows: Int, columns: Int) -> Mask {
        var values = [Bool](repeating: false, count: rows * columns)
        for i in pixels { values[i] = true }
        return Mask(rows: rows, columns: columns, values: values)
    }

    /// 3×3 mean, edges renormalised.
    private func boxSmooth(_ v: [Float], rows: Int, columns: Int) -> [Float] {
        var out = v
        for r in 0..<rows {
            for c in 0..<columns {
                var s: Float = 0, k: Float = 0
                for rr in max(0, r - 1)...min(rows - 1, r + 1) {
                    for cc in max(0, c - 1)...min(columns - 1, c + 1) { s += v[rr * columns + cc]; k += 1 }
                }
                out[r * columns + c] = s / k
            }
        }
        return out
    }

    /// Optimal split of sorted values into two classes (minimum within-class variance).
    private func twoMeansSplit(_ sorted: [Double]) -> (threshold: Double, earlyMean: Double, lateMean: Double)? {
        let n = sorted.count
        guard n >= 4 else { return nil }
        var prefix = [0.0], prefix2 = [0.0]
        for v in sorted { prefix.append(prefix.last! + v); prefix2.append(prefix2.last! + v * v) }
        var best: (cost: Double, k: Int) = (.infinity, 0)
        let minClass = max(2, n / 50)
        for k in minClass...(n - minClass) {
            let s1 = prefix[k], q1 = prefix2[k], s2 = prefix[n] - s1, q2 = prefix2[n] - q1
            let cost = (q1 - s1 * s1 / Double(k)) + (q2 - s2 * s2 / Double(n - k))
            if cost < best.cost { best = (cost, k) }
        }
        guard best.k > 0 else { return nil }
        let k = best.k
        return ((sorted[k - 1] + sorted[k]) / 2, prefix[k] / Double(k), (prefix[n] - prefix[k]) / Double(n - k))
    }

    private func meanCurve(_ series: ImageSeries, _ m: Mask) -> [Double] {
        let idx = m.values.indices.filter { m.values[$0] }
        let n = series.pixelsPerFrame
        return (0..<series.frames).map { f in idx.reduce(0.0) { $0 + Double(series.pixels[f * n + $1]) } / Double(idx.count) }
    }

    private func halfPeakArrival(_ curve: [Double], series: ImageSeries, frames: [Int]) -> Double {
        let values = frames.map { curve[$0] }
        let base = values.prefix(3).reduce(0, +) / Double(min(3, values.count))
        let peak = values.max()!
        let half = base + (peak - base) / 2
        for k in 1..<values.count where values[k] >= half {
            let w = (half - values[k - 1]) / max(values[k] - values[k - 1], 1e-12)
            return series.timesSeconds[frames[k - 1]] + w * (series.timesSeconds[frames[k]] - series.timesSeconds[frames[k - 1]])
        }
        return series.timesSeconds[frames[0]]
    }
}
