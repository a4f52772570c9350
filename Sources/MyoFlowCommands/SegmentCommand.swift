import ArgumentParser
import Foundation
import Ingest
import MyoFlowCore
import Pipeline

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Find the peak-LV frame, LV, myocardium, RV and RV insertion points of each slice.",
        discussion: """
        Writes, per slice k = 1..n (base to apex, AIF excluded), OUT/segmentation/slice_<k>.nii.gz \
        (uint8 labels: 0 background, 1 LV blood, 2 myocardium, 3 RV blood, on the native grid), \
        OUT/overlay_slice_<k>.png, and OUT/landmarks.json (docs/formats.md, "Segmentation output"). \
        With --moco deep, iterative or auto each slice is first motion-corrected exactly as `myoflow moco` \
        does, and is segmented on the corrected frames at the MoCo reference frame; with --moco none \
        (the default) on the frames as acquired at each slice's peak-LV frame. Labels and landmarks \
        are in the geometry of that reference frame (reference_frame in landmarks.json). \
        Models (segmentation.h5; affine1.h5, affine2.h5, nonrigid.h5 for --moco deep) are read from \
        --model-dir, else $MYOFLOW_MODELS, else ./Models, else Models/ beside the executable or in \
        the source checkout. When the LV is not found (or the wrong structure is), give its centre \
        with --lv-centre ROW,COL (native pixels, 0-based; used for every slice and for the MoCo window).
        """
    )

    @Argument(help: "A single series (DICOM folder or NIfTI) or a whole study.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String

    @Option(help: "Motion correction before segmenting: none (default), deep, iterative or auto (as in analyze: iterative while the deep weights miss their validated accuracy).")
    var moco: MocoMethod = .none

    @Option(name: .customLong("model-dir"), help: ArgumentHelp("Folder holding segmentation.h5 (and the deep MoCo models).", valueName: "dir"))
    var modelDir: String?

    @OptionGroup var lvCentre: LVCentreOption

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let logger = global.logger("segment")
        let centre = try lvCentre.position()
        let models = modelDir ?? AnalysisOptions.defaultModelsDirectory
        // Models first: a missing one is an immediate error, before any study is read.
        let finder = try AnalysisPipeline.defaultAnatomyFinder(modelsDirectory: models, lvCentre: centre)
        let segmentation = try SegmentationRun(motionCorrection: moco.choice, modelsDirectory: models, lvCentre: centre)
        let progress = TerminalProgress(showTimings: global.verbosity != .quiet)
        let study = try Ingest.load(path: input, overrides: try ingest.overrides(), progress: progress).study
        let result = try segmentation.run(study, finder: finder, progress: progress)
        for warning in result.warnings { logger.warning("\(warning)") }
        try AtomicOutput.write(to: out) { try SegmentationOutput.write(study: study, result: result, to: $0) }
        print("segmented \(study.slices.count) slice(s) (motion correction: \(result.method.rawValue)) into \(out)")
    }
}
