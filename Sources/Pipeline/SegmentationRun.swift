import Foundation
import MotionCorrection
import MyoFlowCore
import Preprocessing

/// The `myoflow segment` workflow on a study: optional motion correction of every high-res slice
/// (exactly the `myoflow moco` workflow, `MotionCorrectionRun`; the AIF series is not corrected,
/// segment does not use it), then the anatomy finder on each slice — on the corrected series, in
/// the MoCo reference frame's geometry (`findAligned`: the learned finder reads the corrected
/// peak-LV frame), else on the frames as acquired at the slice's peak-LV frame. Labels and
/// landmarks are therefore in the geometry of that reference frame.
///
/// Create it (resolves the method and loads the deep networks before any work, so a missing
/// model is an immediate error), then `run` it on any number of studies.
public struct SegmentationRun: Sendable {
    /// One segmented slice.
    public struct Slice: Sendable {
        /// The series that was segmented: the motion-corrected series when MoCo ran, else the
        /// series as acquired (same grid, geometry and frame count either way).
        public var series: ImageSeries
        public var anatomy: SliceAnatomy
        /// The MoCo reference frame (0-based over all frames, PD included); nil without MoCo.
        public var mocoReferenceFrame: Int?
    }

    /// Everything one run produced.
    public struct Result: Sendable {
        /// One entry per `study.slices` entry, base → apex.
        public var slices: [Slice]
        /// The motion correction that ran.
        public var method: MotionCorrectionMethod
        /// Warnings, each prefixed "slice k: " with k = 1…n base → apex (as the output files count).
        public var warnings: [String]
    }

    /// The motion correction this run applies.
    public let method: MotionCorrectionMethod
    /// The LV centre given by the user (native pixels of the high-res slices); nil: automatic.
    public let lvCentre: PixelPosition?
    /// Why the requested method was replaced (`auto` falling back to iterative); nil otherwise.
    public let selectionWarning: String?
    private let deep: DeepMotionCorrection?

    /// - Parameters:
    ///   - motionCorrection: `none` (segment the frames as acquired), `deep`, `iterative` or `auto`
    ///     (resolved as in `analyze`).
    ///   - modelsDirectory: the folder of `affine1.h5`, `affine2.h5`, `nonrigid.h5` for `deep`
    ///     (the default folder also looks beside the executable and in the source checkout).
    ///   - lvCentre: `--lv-centre` (native pixels of the high-res slices), used by MoCo's window
    ///     (`MotionCorrectionRun`); the finder gets it separately (`defaultAnatomyFinder`).
    /// - Throws: `PipelineError.deepMotionCorrectionUnavailable` naming missing models for `deep`,
    ///   `MotionCorrectionError.modelInvalid` naming an unusable model file.
    public init(motionCorrection: MotionCorrectionChoice, modelsDirectory: String = AnalysisOptions.defaultModelsDirectory,
                lvCentre: PixelPosition? = nil) throws {
        (method, deep, selectionWarning) = try MotionCorrectionSelection.resolve(motionCorrection, modelsDirectory: modelsDirectory)
        self.lvCentre = lvCentre
    }

    /// Segments every high-res slice of `study` with `finder`.
    /// - Throws: `PipelineError.invalidArgument` for a study without high-res slices; motion
    ///   correction errors as `MotionCorrectionRun` throws them (they name the series, e.g. an
    ///   `--lv-centre` outside a slice); `PipelineError.stageFailed` naming the slice when its
    ///   segmentation fails.
    public func run(_ study: PerfusionStudy, finder: any SliceAnatomyFinder, progress: any ProgressSink = SilentProgress()) throws -> Result {
        guard !study.slices.isEmpty else { throw PipelineError.invalidArgument("the study has no high-res slice series to segment") }
        var warnings = selectionWarning.map { ["motion correction: \($0)"] } ?? []
        let names = study.slices.indices.map { k in "slice \(k + 1)" }
        let corrected = try correctedSlices(study, progress: progress)
        var slices: [Slice] = []
        for (k, moco) in corrected.enumerated() {
            warnings += moco.warnings.map { "\(names[k]): motion correction: \($0)" }
            progress.update(stage: "segmentation", completed: k, total: corrected.count)
            let anatomy: SliceAnatomy
            do {
                anatomy = try moco.referenceFrame.map { try finder.findAligned(in: moco.series, referenceFrame: $0) }
                    ?? finder.find(in: moco.series, referenceFrame: nil)
            } catch {
                throw PipelineError.stageFailed(stage: "segmentation", series: "\(names[k]) (\(study.slices[k].displayName))", detail: "\(error)")
            }
            warnings += anatomy.warnings.map { "\(names[k]): \($0)" }
            slices.append(Slice(series: moco.series, anatomy: anatomy, mocoReferenceFrame: moco.referenceFrame))
        }
        return Result(slices: slices, method: method, warnings: warnings)
    }

    /// Each slice's series to segment, its MoCo reference frame (nil without MoCo) and its MoCo
    /// warnings.
    private func correctedSlices(_ study: PerfusionStudy, progress: any ProgressSink)
        throws -> [(series: ImageSeries, referenceFrame: Int?, warnings: [String])] {
        var slicesOnly = study
        slicesOnly.aif = nil
        let summary: MotionCorrectionRun.Summary
        switch method {
        case .none:
            return study.slices.map { ($0, nil, []) }
        case .deep:
            guard let deep else { throw PipelineError.deepMotionCorrectionUnavailable(missing: []) }
            summary = try MotionCorrectionRun.deep(slicesOnly, models: deep, lvCentre: lvCentre, progress: progress)
        case .iterative:
            summary = try MotionCorrectionRun.iterative(slicesOnly, lvCentre: lvCentre, progress: progress)
        }
        return summary.entries.map { entry in
            (entry.result.registration.corrected, entry.result.registration.referenceFrame, entry.result.warnings)
        }
    }
}
