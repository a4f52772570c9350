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
/// (a round pool beats an equally large crescent or a thin vessel). A late class with no
/// pool-sized region that arrives well after the LV (bright tissue moved in by a gasp) is set
/// aside and the rest split again.
///
/// A user-given LV centre (`lvCentre`, `--lv-centre ROW,COL`) replaces the choice: the LV is the
/// late-enhancing component that contains it, else the blood pool grown from the enhancing pixel
/// nearest to it (`givenLV`), else a disc of `givenCentreRadiusMm` around it. The RV, peak frame
/// and arrival times are then found as usual, and the warnings say the centre was given.
public struct BloodPoolLocator: Sendable {
    public var relativeThreshold: Float = 0.45
    public var minimumAreaMm2: Double = 60
    /// Arrival classes closer than this are not separable (no distinct RV).
    public var minimumTransitSeconds: Double = 1.0
    /// A late-arriving class with no pool-sized region is set aside only when it arrives at least
    /// this long after the LV (pulmonary transit is a few seconds; a gasp can come any time later).
    public var minimumSetAsideGapSeconds: Double = 6
    /// The LV centre given by the user (native pixels, row and column of the series); nil: search.
    public var lvCentre: PixelPosition?
    /// How far from a given centre its blood pool is looked for, mm.
    public var givenCentreReachMm: Double = 10
    /// Radius of the LV disc used when no enhancing component lies near a given centre, mm.
    public var givenCentreRadiusMm: Double = 10

    public init(lvCentre: PixelPosition? = nil) { self.lvCentre = lvCentre }

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
        if let given = lvCentre {
            guard given.row.isFinite, given.column.isFinite, given.row >= 0, given.column >= 0,
                  given.row <= Double(series.rows - 1), given.column <= Double(series.columns - 1) else {
                throw PreprocessingError.lvCentreOutsideImage(series: uid, row: given.row, column: given.column,
                                                              rows: series.rows, columns: series.columns)
            }
            warnings.append(String(format: "LV centre given by the user at (%.1f, %.1f)", given.row, given.column))
        }
        let threshold = relativeThreshold * reference
        let candidate = smoothed.enumerated().map { $0.element > threshold && f.arrivalSeconds[$0.offset].isFinite }
        let candidates = candidate.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard candidates >= minPixels || lvCentre != nil else {
            throw PreprocessingError.noLVFound(series: uid, detail: "only \(candidates) strongly enhancing pixels")
        }
        let classes = ArrivalClasses(candidate: candidate, arrivalSeconds: f.arrivalSeconds, rows: series.rows, columns: series.columns,
                                     minimumPixels: minPixels, minimumTransitSeconds: minimumTransitSeconds,
                                     setAsideAllowed: lvCentre == nil)
        if !classes.setAside.isEmpty {
            // Only a class far behind the LV's first pass is set aside, and only when an RV is left
            // too; otherwise (a small apical LV, say) setting it aside would make the RV the "LV".
            let rvLeft = classes.early.map { ConnectedComponents.of($0).contains { $0.count >= minPixels } } ?? false
            let lvFound = classes.lateComponents.contains { $0.count >= minPixels }
            guard lvFound, rvLeft, classes.setAside.allSatisfy({ $0.meanArrival - classes.lateMean >= minimumSetAsideGapSeconds }) else {
                throw PreprocessingError.noLVFound(series: uid, detail: "no late-enhancing region of at least \(Int(minimumAreaMm2)) mm²")
            }
            for c in classes.setAside {
                warnings.append(String(format: "%d enhancing pixels arriving after %.1f s set aside (no blood-pool-sized region among them, %.0f s after the LV's first pass)",
                                       c.pixels, c.after, c.meanArrival - classes.lateMean))
            }
        }
        var earlyMask = classes.early
        let allLateComponents = classes.lateComponents
        if earlyMask == nil && lvCentre == nil {
            warnings.append("RV and LV arrival times not separable; LV chosen as the largest enhancing region")
        }
        let lateComponents = allLateComponents.filter { $0.count >= minPixels }
        let lv: Mask
        if let given = lvCentre {
            lv = givenLV(given, components: allLateComponents, features: f, bloodEnhancement: threshold, series: series, warnings: &warnings)
            // A given centre inside the early (RV) class is the user's call: the early mask loses those pixels.
            if var early = earlyMask {
                for i in 0..<n where lv.values[i] { early.values[i] = false }
                earlyMask = early
            }
        } else {
            let scored = lateComponents.map { ($0, ConnectedComponents.compactness($0, rows: series.rows, columns: series.columns)) }
            guard let (lvPixels, lvCompactness) = scored.max(by: { Double($0.0.count) * $0.1 < Double($1.0.count) * $1.1 }) else {
                throw PreprocessingError.noLVFound(series: uid, detail: "no late-enhancing region of at least \(Int(minimumAreaMm2)) mm²")
            }
            lv = mask(lvPixels, rows: series.rows, columns: series.columns)
            if lvCompactness < 0.5 { warnings.append("the LV blood pool found is not compact (compactness \(String(format: "%.2f", lvCompactness)))") }
        }

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

    /// The LV for a user-given centre: the late component containing its pixel; else the blood
    /// pool grown from the enhancing pixel nearest to it (4-connected pixels whose peak enhancement
    /// is at least half the highest within `givenCentreReachMm`, up to 3 × that distance away: a
    /// small apical pool the search rejected, or one the smoothed threshold missed), provided that
    /// highest enhancement is blood-like (≥ `bloodEnhancement`, the search's candidate threshold);
    /// else a disc around it.
    private func givenLV(_ given: PixelPosition, components: [[Int]], features f: TemporalFeatures, bloodEnhancement: Float,
                         series: ImageSeries, warnings: inout [String]) -> Mask {
        let rows = series.rows, columns = series.columns, spacing = series.geometry.spacing
        let centre = Int(given.row.rounded()) * columns + Int(given.column.rounded())
        if let containing = components.first(where: { $0.count >= 4 && $0.contains(centre) }) {
            return mask(containing, rows: rows, columns: columns)
        }
        func distanceMm(_ i: Int) -> Double {
            let dr = (Double(i / columns) - given.row) * spacing.rowMm, dc = (Double(i % columns) - given.column) * spacing.columnMm
            return (dr * dr + dc * dc).squareRoot()
        }
        let near = (0..<(rows * columns)).filter { distanceMm($0) <= givenCentreReachMm }
        let top = near.map { f.peakEnhancement[$0] }.max() ?? 0
        if top >= bloodEnhancement, top > 0, let seed = near.filter({ f.peakEnhancement[$0] >= 0.5 * top }).min(by: { distanceMm($0) < distanceMm($1) }) {
            var inside = [Bool](repeating: false, count: rows * columns)
            var region: [Int] = [], stack = [seed]
            while let i = stack.popLast() {
                guard !inside[i], f.peakEnhancement[i] >= 0.5 * top, distanceMm(i) <= 3 * givenCentreReachMm else { continue }
                inside[i] = true
                region.append(i)
                let r = i / columns, c = i % columns
                if r > 0 { stack.append(i - columns) }
                if r < rows - 1 { stack.append(i + columns) }
                if c > 0 { stack.append(i - 1) }
                if c < columns - 1 { stack.append(i + 1) }
            }
            if region.count >= 4 {
                warnings.append("LV blood pool grown from the given centre (the automatic search did not find it there)")
                return mask(region, rows: rows, columns: columns)
            }
        }
        warnings.append(String(format: "no enhancing blood pool within %.0f mm of the given LV centre; LV taken as a %.0f mm disc around it",
                               givenCentreReachMm, givenCentreRadiusMm))
        let disc = (0..<(rows * columns)).filter { distanceMm($0) <= givenCentreRadiusMm }
        return mask(disc.isEmpty ? [centre] : disc, rows: rows, columns: columns)
    }

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
