import Foundation
import Preprocessing

/// Which trained models the product needs and whether they are present.
public enum ModelAvailability {
    /// The three motion-correction networks of the deep method, in stage order.
    public static let deepMotionCorrectionFiles = ["affine1.h5", "affine2.h5", "nonrigid.h5"]
    /// The segmentation U-Net.
    public static let segmentationFile = "segmentation.h5"

    /// Paths of the deep-MoCo model files missing from `directory`.
    public static func missingDeepMotionCorrection(in directory: String) -> [String] {
        deepMotionCorrectionFiles.map { (directory as NSString).appendingPathComponent($0) }
            .filter { !FileManager.default.fileExists(atPath: $0) }
    }

    /// Whether the deep method can run: its models are present and this build has its estimators
    /// (not yet: the deep estimators land with the trained models).
    public static func deepMotionCorrectionAvailable(in directory: String) -> Bool {
        deepEstimatorsInBuild && missingDeepMotionCorrection(in: directory).isEmpty
    }

    /// Flipped when the deep stage estimators are wired into `MotionCorrectionSelection`.
    public static let deepEstimatorsInBuild = false
}

extension AnalysisPipeline {
    /// Checks the requested motion correction can run (before any work): throws the
    /// "models missing, use --moco iterative" error for `deep` without its models.
    public static func checkMotionCorrection(_ options: AnalysisOptions) throws {
        _ = try MotionCorrectionSelection.resolve(options.motionCorrection, modelsDirectory: options.modelsDirectory)
    }

    /// The anatomy finder the product uses. **The one line that selects it**: when the learned
    /// U-Net finder lands, construct it here from `segmentation.h5`.
    public static func defaultAnatomyFinder(modelsDirectory: String = AnalysisOptions.defaultModelsDirectory) throws -> any SliceAnatomyFinder {
        let path = (modelsDirectory as NSString).appendingPathComponent(ModelAvailability.segmentationFile)
        guard FileManager.default.fileExists(atPath: path) else { throw PipelineError.segmentationModelMissing(path: path) }
        throw PipelineError.segmentationModelMissing(path: path + " (present, but this build has no learned segmentation finder)")
    }
}
