import MyoFlowCore

/// Per-frame registration residuals and their robust z-scores.
public struct OutlierReport: Sendable, Equatable {
    /// Frames analysed (the dynamic frames), ascending.
    public var frames: [Int]
    /// Residual of each analysed frame: RMS(frame − PCA reference) over the region (intensity
    /// units); the 3-stage scheme measures the affinely corrected frames against the stage-3
    /// (2-component) reference.
    public var residuals: [Double]
    /// Robust z-score of each residual: 0.6745·(r − median)/MAD (Iglewicz–Hoaglin).
    public var robustZ: [Double]
    /// z above which a frame is flagged.
    public var threshold: Double

    public init(frames: [Int], residuals: [Double], robustZ: [Double], threshold: Double) {
        self.frames = frames; self.residuals = residuals; self.robustZ = robustZ; self.threshold = threshold
    }

    /// Frames whose robust z exceeds the threshold (mistriggered or through-plane-corrupted).
    public var flaggedFrames: [Int] { zip(frames, robustZ).filter { $0.1 > threshold }.map(\.0) }
}

/// Outlier detection from post-registration residuals.
public enum OutlierDetection {
    /// Robust z-scores 0.6745·(x − median)/MAD (modified z-score, Iglewicz & Hoaglin 1993).
    /// When MAD = 0 the mean absolute deviation ×1.2533 is used; when that is 0 too, all z = 0.
    public static func robustZ(_ values: [Double]) -> [Double] {
        guard values.count >= 3 else { return values.map { _ in 0 } }
        let median = Self.median(values)
        let deviations = values.map { abs($0 - median) }
        let mad = Self.median(deviations)
        if mad > 0 { return values.map { 0.6745 * ($0 - median) / mad } }
        let meanAbs = deviations.reduce(0, +) / Double(values.count)
        guard meanAbs > 0 else { return values.map { _ in 0 } }
        return values.map { ($0 - median) / (1.2533 * meanAbs) }
    }

    /// Median of a non-empty array (mean of the middle two for even counts).
    public static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "median of an empty array")
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    /// Residual of one frame against its reference over the region (all pixels when nil):
    /// RMS(frame − reference), in image intensity units.
    public static func residual(frame: ArraySlice<Float>, reference: ArraySlice<Float>, region: Mask?) -> Double {
        precondition(frame.count == reference.count)
        var sum = 0.0, n = 0.0
        for (i, (a, b)) in zip(frame, reference).enumerated() where region?.values[i] ?? true {
            let d = Double(a - b)
            sum += d * d; n += 1
        }
        return n > 0 ? (sum / n).squareRoot() : 0
    }

    /// Residuals of the dynamic frames of a corrected series against a reference series.
    public static func report(corrected: ImageSeries, reference: ImageSeries, frames: [Int], region: Mask?, threshold: Double) -> OutlierReport {
        let p = corrected.pixelsPerFrame
        let residuals = frames.map { f in
            residual(frame: corrected.pixels[f * p..<(f + 1) * p], reference: reference.pixels[f * p..<(f + 1) * p], region: region)
        }
        return OutlierReport(frames: frames, residuals: residuals, robustZ: robustZ(residuals), threshold: threshold)
    }
}
