import Foundation
import MotionCorrection
import MyoFlowCore

/// Resolves the requested motion correction to a method this build can run, and builds the
/// per-series correctors (heart-crop region for slices, whole image for the small AIF series;
/// the deep method's own LV-centred window and region).
enum MotionCorrectionSelection {
    /// The method to run, its loaded networks when it is `deep`, and the warning to show when
    /// `automatic` fell back to the iterative method (models missing or unusable).
    static func resolve(_ choice: MotionCorrectionChoice, modelsDirectory: String) throws
        -> (method: MotionCorrectionMethod, deep: DeepMotionCorrection?, warning: String?) {
        switch choice {
        case .none: return (.none, nil, nil)
        case .iterative: return (.iterative, nil, nil)
        case .deep:
            guard ModelAvailability.deepMotionCorrectionAvailable(in: modelsDirectory),
                  let folder = ModelAvailability.deepMotionCorrectionDirectory(for: modelsDirectory) else {
                throw PipelineError.deepMotionCorrectionUnavailable(missing: ModelAvailability.missingDeepMotionCorrection(in: modelsDirectory))
            }
            return (.deep, try DeepMotionCorrection.load(modelsDirectory: folder, workers: workers), nil)
        case .automatic:
            guard ModelAvailability.deepIsAutomaticDefault else {
                return (.iterative, nil, ModelAvailability.deepNotYetDefault)
            }
            if ModelAvailability.deepMotionCorrectionAvailable(in: modelsDirectory),
               let folder = ModelAvailability.deepMotionCorrectionDirectory(for: modelsDirectory) {
                do { return (.deep, try DeepMotionCorrection.load(modelsDirectory: folder, workers: workers), nil) } catch {
                    return (.iterative, nil, "deep motion correction unavailable (\(error)); the iterative baseline was used")
                }
            }
            let missing = ModelAvailability.missingDeepMotionCorrection(in: modelsDirectory)
            let why = missing.isEmpty ? "its estimators are not in this build" : "its models are missing (\(missing.joined(separator: ", ")))"
            return (.iterative, nil, "deep motion correction unavailable (\(why)); the iterative baseline was used")
        }
    }

    /// Inference workers of the deep networks: every core (frames across cores, OpenBLAS
    /// single-threaded per worker).
    static var workers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Registers one series; `region` limits similarity and PCA to the heart (iterative method).
    /// The deep method corrects a window around `lvCentre` (found in the series when nil) with its
    /// own region (`DeepMotionCorrection`); `deep` must be given for it.
    static func register(_ series: ImageSeries, method: MotionCorrectionMethod, region: Mask?, lvCentre: PixelPosition? = nil,
                         deep: DeepMotionCorrection? = nil, progress: any ProgressSink) throws -> SeriesRegistration {
        switch method {
        case .none:
            return .identity(of: series)
        case .iterative:
            let configuration = MotionCorrectionConfiguration(region: region)
            return try IterativeMotionCorrection.corrector(configuration: configuration).correct(series, progress: progress)
        case .deep:
            guard let deep else { throw PipelineError.deepMotionCorrectionUnavailable(missing: []) }
            return try deep.correct(series, lvCentre: lvCentre, progress: progress).registration
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
