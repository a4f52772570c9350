import Foundation
import MotionCorrection
import MyoFlowCore
import Preprocessing

/// Which trained models the product needs and whether they are present.
public enum ModelAvailability {
    /// The three motion-correction networks of the deep method, in stage order.
    public static let deepMotionCorrectionFiles = ["affine1.h5", "affine2.h5", "nonrigid.h5"]
    /// The segmentation U-Net.
    public static let segmentationFile = "segmentation.h5"

    /// Paths of the deep-MoCo model files missing from `directory` (none when
    /// `deepMotionCorrectionDirectory` finds all three elsewhere for the default folder).
    public static func missingDeepMotionCorrection(in directory: String) -> [String] {
        guard deepMotionCorrectionDirectory(for: directory) == nil else { return [] }
        return deepMotionCorrectionFiles.map { (directory as NSString).appendingPathComponent($0) }
            .filter { !FileManager.default.fileExists(atPath: $0) }
    }

    /// The folder the deep-MoCo models are read from: `directory` when it holds all three; for
    /// the default folder (`AnalysisOptions.defaultModelsDirectory`) also `Models/` beside the
    /// executable or in the source checkout (as for the segmentation model); nil when none has them.
    public static func deepMotionCorrectionDirectory(for directory: String) -> String? {
        DeepMotionCorrection.locateModels(in: directory, searchOtherFolders: directory == AnalysisOptions.defaultModelsDirectory)
    }

    /// Whether the deep method can run: its three models are found (`deepMotionCorrectionDirectory`).
    public static func deepMotionCorrectionAvailable(in directory: String) -> Bool {
        deepMotionCorrectionDirectory(for: directory) != nil
    }

    /// Whether `--moco auto` picks the deep method. Only once the shipped weights meet the
    /// issue-9 accuracy on held-out phantom studies (residual myocardial motion ≤ 0.5 px,
    /// `MocoValidation --method deep --studies 20`, at most the iterative baseline's): the weights
    /// trained on CPU so far leave 0.46 px (iterative 0.42 px) and up to 1.1 px under large
    /// breathing motion, so `auto` runs the iterative baseline and `--moco deep` runs the networks on request.
    public static let deepIsAutomaticDefault = false

    /// The note `auto` leaves in the report while the deep method is not the default.
    public static let deepNotYetDefault = "motion correction: iterative baseline (the deep networks do not yet reach the validated accuracy; --moco deep runs them)"
}

extension AnalysisPipeline {
    /// Checks the requested motion correction can run (before any work): throws the
    /// "models missing, use --moco iterative" error for `deep` without its models, and the
    /// error naming an unusable model file.
    public static func checkMotionCorrection(_ options: AnalysisOptions) throws {
        _ = try MotionCorrectionSelection.resolve(options.motionCorrection, modelsDirectory: options.modelsDirectory)
    }

    /// The anatomy finder the product uses: the learned U-Net finder (issue 8) built from
    /// `segmentation.h5` in `modelsDirectory`, or a clear error naming the missing file. `lvCentre`
    /// is a user-given LV centre for its blood-pool search (`AnalysisOptions.lvCentre`).
    public static func defaultAnatomyFinder(modelsDirectory: String = AnalysisOptions.defaultModelsDirectory,
                                            lvCentre: PixelPosition? = nil) throws -> any SliceAnatomyFinder {
        let path = (modelsDirectory as NSString).appendingPathComponent(ModelAvailability.segmentationFile)
        var finder: LearnedSliceAnatomyFinder
        if FileManager.default.fileExists(atPath: path) {
            finder = try LearnedSliceAnatomyFinder.load(modelDirectory: modelsDirectory, workers: 2)
        } else {
            // The default folder (./Models) lacks it: look beside the executable and in the package's
            // Models/. An explicitly given folder is used alone, as `--model-dir` is elsewhere.
            guard modelsDirectory == AnalysisOptions.defaultModelsDirectory,
                  let found = try? LearnedSliceAnatomyFinder.load(workers: 2) else {
                throw PipelineError.segmentationModelMissing(path: path)
            }
            finder = found
        }
        finder.locator.lvCentre = lvCentre
        return finder
    }
}
