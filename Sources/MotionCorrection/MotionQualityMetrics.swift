import MyoFlowCore

/// Quality metrics of motion correction (seed Schüler 2026, §Evaluation), as pure functions.
public enum MotionQualityMetrics {
    /// The circular ROI of the TIC-smoothness metric: centred on the LV centre (row, column),
    /// radius = the largest distance from the centre to a myocardial pixel + `marginPixels`
    /// (seed: 10 pixels beyond the widest point of the myocardium). Pixel centres inside or on
    /// the circle belong to it. Empty when the myocardial mask is empty.
    public static func ticRegion(lvCentre: (row: Double, column: Double), myocardium: Mask, marginPixels: Double = 10) -> Mask {
        var radius = -1.0
        for r in 0..<myocardium.rows {
            for c in 0..<myocardium.columns where myocardium[r, c] {
                let dr = Double(r) - lvCentre.row, dc = Double(c) - lvCentre.column
                radius = max(radius, (dr * dr + dc * dc).squareRoot())
            }
        }
        var out = Mask(rows: myocardium.rows, columns: myocardium.columns, values: .init(repeating: false, count: myocardium.rows * myocardium.columns))
        guard radius >= 0 else { return out }
        radius += marginPixels
        for r in 0..<out.rows {
            for c in 0..<out.columns {
                let dr = Double(r) - lvCentre.row, dc = Double(c) - lvCentre.column
                out[r, c] = dr * dr + dc * dc <= radius * radius + 1e-9
            }
        }
        return out
    }

    /// TIC smoothness (lower is smoother): the mean over ROI pixels of the SD over time of the
    /// second difference of the pixel's normalised time–intensity curve.
    ///
    /// Normalisation: each pixel's curve over `frames` is min–max scaled to [0, 1] (a constant
    /// curve becomes all zeros). Second difference d[t] = x[t+1] − 2x[t] + x[t−1] over consecutive
    /// listed frames (per frame, not per second, as the seed's metric); SD is the population SD
    /// (÷ n). `frames` defaults to the dynamic frames (PD frames have another contrast).
    /// Returns nil with fewer than 3 frames or an empty ROI.
    public static func ticSmoothness(_ series: ImageSeries, region: Mask, frames: [Int]? = nil) -> Double? {
        let list = frames ?? series.dynamicFrameIndices
        guard list.count >= 3, region.rows == series.rows, region.columns == series.columns else { return nil }
        let p = series.pixelsPerFrame
        var total = 0.0, count = 0
        var curve = [Double](repeating: 0, count: list.count)
        for i in 0..<p where region.values[i] {
            for (t, f) in list.enumerated() { curve[t] = Double(series.pixels[f * p + i]) }
            let lo = curve.min()!, hi = curve.max()!
            let span = hi - lo
            var d2 = [Double]()
            d2.reserveCapacity(list.count - 2)
            for t in 1..<(list.count - 1) {
                let x0 = span > 0 ? (curve[t - 1] - lo) / span : 0
                let x1 = span > 0 ? (curve[t] - lo) / span : 0
                let x2 = span > 0 ? (curve[t + 1] - lo) / span : 0
                d2.append(x2 - 2 * x1 + x0)
            }
            total += standardDeviation(d2)
            count += 1
        }
        return count > 0 ? total / Double(count) : nil
    }

    /// TIC smoothness in the seed's ROI: `ticRegion(lvCentre:myocardium:marginPixels:)` then
    /// `ticSmoothness(_:region:frames:)`.
    public static func ticSmoothness(_ series: ImageSeries, lvCentre: (row: Double, column: Double), myocardium: Mask,
                                     marginPixels: Double = 10, frames: [Int]? = nil) -> Double? {
        ticSmoothness(series, region: ticRegion(lvCentre: lvCentre, myocardium: myocardium, marginPixels: marginPixels), frames: frames)
    }

    /// Phantom version of the per-frame masks after correction: the reference-space mask moved
    /// into frame f by the true motion (warped with the inverse of the true correction field)
    /// and brought back by the estimated correction field, composed into one nearest-neighbour
    /// warp: mask_f = warp(reference, inverse(true_f).followed(by: estimated_f)).
    public static func correctedMasks(reference: Mask, trueFields: [DisplacementField], estimatedFields: [DisplacementField]) throws -> [Mask] {
        guard trueFields.count == estimatedFields.count else {
            throw MotionCorrectionError.invalidParameter(name: "estimatedFields", detail: "\(estimatedFields.count) estimated fields for \(trueFields.count) true fields")
        }
        let composed = zip(trueFields, estimatedFields).map { FieldInversion.inverse(of: $0).followed(by: $1) }
        return try correctedMasks(Array(repeating: reference, count: composed.count), fields: composed)
    }

    /// Mean Dice of the myocardial masks of consecutive frames in the window of `windowSize`
    /// frames centred on `peakFrame` (seed: 5 frames around peak LV), shifted to stay inside
    /// 0..<masks.count. Consecutive pairs (f, f+1) are averaged. Nil with fewer than 2 masks.
    public static func myocardialDice(masks: [Mask], peakFrame: Int, windowSize: Int = 5) -> Double? {
        guard masks.count >= 2, windowSize >= 2 else { return nil }
        let size = min(windowSize, masks.count)
        let start = min(max(peakFrame - size / 2, 0), masks.count - size)
        let pairs = (start..<(start + size - 1)).map { masks[$0].dice(masks[$0 + 1]) }
        return pairs.reduce(0, +) / Double(pairs.count)
    }

    /// Per-frame masks in corrected space: each frame's own mask warped (nearest neighbour)
    /// with that frame's correction field (the same pull-back as the images).
    public static func correctedMasks(_ masks: [Mask], fields: [DisplacementField]) throws -> [Mask] {
        guard masks.count == fields.count else {
            throw MotionCorrectionError.invalidParameter(name: "fields", detail: "\(fields.count) fields for \(masks.count) masks")
        }
        return try zip(masks, fields).map { mask, field in
            let labels = try LabelMap(rows: mask.rows, columns: mask.columns, labels: mask.values.map { $0 ? TissueLabel.myocardium.rawValue : 0 })
            return try field.warp(labels).mask(.myocardium)
        }
    }

    /// SD of PD intensities inside the myocardial mask (seed: the peak-LV segmentation applied to
    /// the PD image; low when aligned). The PD image is first min–max normalised to [0, 1] over
    /// `normalisationRegion` (the whole image when nil; the seed normalises the cropped image).
    /// Population SD; nil when the mask is empty.
    public static func pdMyocardialSD(pd: Image2D, myocardium: Mask, normalisationRegion: Mask? = nil) -> Double? {
        guard myocardium.rows == pd.rows, myocardium.columns == pd.columns else { return nil }
        var lo = Float.infinity, hi = -Float.infinity
        for i in pd.pixels.indices where normalisationRegion?.values[i] ?? true { lo = min(lo, pd.pixels[i]); hi = max(hi, pd.pixels[i]) }
        let span = hi > lo ? Double(hi - lo) : 1
        let values = pd.pixels.indices.filter { myocardium.values[$0] }.map { Double(pd.pixels[$0] - (lo.isFinite ? lo : 0)) / span }
        return values.isEmpty ? nil : standardDeviation(values)
    }

    /// Residual motion (pixels): √(mean over mask of |u_est − u_true|²), the RMS length of the
    /// difference between estimated and true pull-back fields (phantom validation).
    public static func residualMotionRMS(estimated: DisplacementField, truth: DisplacementField, mask: Mask? = nil) -> Double {
        precondition(estimated.rows == truth.rows && estimated.columns == truth.columns, "fields on different grids")
        var sum = 0.0, n = 0
        for i in 0..<(truth.rows * truth.columns) where mask?.values[i] ?? true {
            let dr = Double(estimated.rowDisplacement[i] - truth.rowDisplacement[i])
            let dc = Double(estimated.columnDisplacement[i] - truth.columnDisplacement[i])
            sum += dr * dr + dc * dc
            n += 1
        }
        return n > 0 ? (sum / Double(n)).squareRoot() : 0
    }

    /// Population standard deviation (÷ n); 0 for fewer than 2 values.
    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }
}
