import Foundation
import MotionCorrection
import MyoFlowCore

/// Resolves the requested motion correction to a method this build can run, and registers each
/// series (LV-centred windows for the slices, the whole image for the small AIF series with the
/// iterative method; the deep method's own LV-centred window and region).
public enum MotionCorrectionSelection {
    /// The method to run, its loaded networks when it is `deep`, and the warning to show when
    /// `automatic` fell back to the iterative method (models missing or unusable).
    public static func resolve(_ choice: MotionCorrectionChoice, modelsDirectory: String) throws
        -> (method: MotionCorrectionMethod, deep: DeepMotionCorrection?, warning: String?) {
        switch choice {
        case .none: return (.none, nil, nil)
        case .iterative: return (.iterative, nil, nil)
        case .deep:
            guard let folder = ModelAvailability.deepMotionCorrectionDirectory(for: modelsDirectory) else {
                throw PipelineError.deepMotionCorrectionUnavailable(missing: ModelAvailability.missingDeepMotionCorrection(in: modelsDirectory))
            }
            return (.deep, try DeepMotionCorrection.load(modelsDirectory: folder, workers: workers), nil)
        case .automatic:
            guard ModelAvailability.deepIsAutomaticDefault else {
                return (.iterative, nil, ModelAvailability.deepNotYetDefault)
            }
            if let folder = ModelAvailability.deepMotionCorrectionDirectory(for: modelsDirectory) {
                do { return (.deep, try DeepMotionCorrection.load(modelsDirectory: folder, workers: workers), nil) } catch {
                    return (.iterative, nil, "deep motion correction unavailable (\(error)); the iterative baseline was used")
                }
            }
            let missing = ModelAvailability.missingDeepMotionCorrection(in: modelsDirectory).joined(separator: ", ")
            return (.iterative, nil, "deep motion correction unavailable (its models are missing (\(missing))); the iterative baseline was used")
        }
    }

    /// Inference workers of the deep networks: every core (frames across cores, OpenBLAS
    /// single-threaded per worker).
    static var workers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The LV centre for the AIF series' motion correction when the user gave one for the high-res
    /// slices (`--lv-centre`): the deep method's window is centred on it, mapped through the DICOM
    /// geometry (`GivenLVCentre.mappedWithNote`, as `myoflow moco` does), with its note prefixed
    /// "AIF: " (the series then finds its LV itself when the point does not map). The iterative
    /// method corrects the AIF series on its whole image and needs no centre; nor does `none`.
    static func aifCentre(given: PixelPosition?, slices: [ImageSeries], aif: ImageSeries, method: MotionCorrectionMethod) -> (centre: PixelPosition?, note: String?) {
        guard method == .deep, let given, let first = slices.first else { return (nil, nil) }
        let (mapped, note) = GivenLVCentre.mappedWithNote(given, from: first.geometry, to: aif)
        return (mapped, "AIF: " + note)
    }

    /// Registers one series. Iterative: with `lvCentre`, in `LVCentredMotionCorrection`'s 128 mm
    /// window around it (the high-res slices, as `myoflow moco` does: 4× faster than the whole
    /// image); without, on the whole image (the low-res AIF series: on 7 phantom studies its
    /// whole-image correction gave per-segment MAE 7.3 % vs 9.1 % LV-windowed, the hard case
    /// 11.8 vs 26.3 %). Deep: `DeepMotionCorrection`'s window around `lvCentre` (found in the
    /// series when nil); `deep` must be given for it.
    static func register(_ series: ImageSeries, method: MotionCorrectionMethod, lvCentre: PixelPosition? = nil,
                         deep: DeepMotionCorrection? = nil, progress: any ProgressSink) throws -> SeriesRegistration {
        switch method {
        case .none:
            return .identity(of: series)
        case .iterative:
            let corrector = IterativeMotionCorrection.corrector(configuration: MotionCorrectionConfiguration())
            guard let lvCentre else { return try corrector.correct(series, progress: progress) }
            return try LVCentredMotionCorrection.correct(series, sideMm: LVCentredMotionCorrection.defaultSideMm, lvCentre: lvCentre,
                                                         progress: progress) { _, _ in corrector }.registration
        case .deep:
            guard let deep else { throw PipelineError.deepMotionCorrectionUnavailable(missing: []) }
            return try deep.correct(series, lvCentre: lvCentre, progress: progress).registration
        }
    }
}
