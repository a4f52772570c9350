import MotionCorrection
import MyoFlowCore

/// Resolves the requested motion correction to a method this build can run, and builds the
/// per-series correctors (heart-crop region for slices, whole image for the small AIF series).
enum MotionCorrectionSelection {
    /// The method to run and the warning to show when `automatic` fell back.
    static func resolve(_ choice: MotionCorrectionChoice, modelsDirectory: String) throws -> (MotionCorrectionMethod, String?) {
        switch choice {
        case .none: return (.none, nil)
        case .iterative: return (.iterative, nil)
        case .deep:
            guard ModelAvailability.deepMotionCorrectionAvailable(in: modelsDirectory) else {
                throw PipelineError.deepMotionCorrectionUnavailable(missing: ModelAvailability.missingDeepMotionCorrection(in: modelsDirectory))
            }
            return (.deep, nil)
        case .automatic:
            if ModelAvailability.deepMotionCorrectionAvailable(in: modelsDirectory) { return (.deep, nil) }
            let missing = ModelAvailability.missingDeepMotionCorrection(in: modelsDirectory)
            let why = missing.isEmpty ? "its estimators are not in this build" : "its models are missing (\(missing.joined(separator: ", ")))"
            return (.iterative, "deep motion correction unavailable (\(why)); the iterative baseline was used")
        }
    }

    /// Registers one series; `region` limits similarity and PCA to the heart.
    static func register(_ series: ImageSeries, method: MotionCorrectionMethod, region: Mask?,
                         progress: any ProgressSink) throws -> SeriesRegistration {
        switch method {
        case .none:
            return .identity(of: series)
        case .iterative, .deep:
            // .deep is refused by `resolve` until its estimators exist.
            let configuration = MotionCorrectionConfiguration(region: region)
            return try IterativeMotionCorrection.corrector(configuration: configuration).correct(series, progress: progress)
        }
    }

    /// A square region of `halfWidthMm` around the LV centre (the MoCo crop).
    static func heartRegion(centre: PixelPosition, series: ImageSeries, halfWidthMm: Double = 60) -> Mask {
        let s = series.geometry.spacing
        let hr = halfWidthMm / s.rowMm, hc = halfWidthMm / s.columnMm
        var values = [Bool](repeating: false, count: series.pixelsPerFrame)
        for r in 0..<series.rows where abs(Double(r) - centre.row) <= hr {
            for c in 0..<series.columns where abs(Double(c) - centre.column) <= hc { values[r * series.columns + c] = true }
        }
        return Mask(rows: series.rows, columns: series.columns, values: values)
    }
}
