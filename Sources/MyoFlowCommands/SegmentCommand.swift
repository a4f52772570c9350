import ArgumentParser
import Foundation
import Ingest
import MyoFlowCore
import Pipeline
import Preprocessing

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Find the peak-LV frame, LV, myocardium, RV and RV insertion points of each slice.",
        discussion: """
        Writes, per slice (base to apex, AIF excluded), OUT/segmentation/slice_<k>.nii.gz (uint8 \
        labels: 0 background, 1 LV blood, 2 myocardium, 3 RV blood, on the native grid), \
        OUT/overlay_slice_<k>.png, and OUT/landmarks.json (docs/formats.md, "Segmentation output"). \
        The model is Models/segmentation.h5 (beside the executable or in the source checkout; \
        --model-dir overrides). When the LV is not found (or the wrong structure is), give its centre \
        with --lv-centre ROW,COL (native pixels, 0-based; used for every slice). --moco deep is not available in this build yet: segmentation runs \
        on the frames as acquired, in the geometry of each slice's peak-LV frame.
        """
    )

    @Argument(help: "A single series (DICOM folder or NIfTI) or a whole study.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String

    @Option(help: "Motion correction before segmenting: none (default). 'deep' is not wired into segment in this build.")
    var moco: MocoMethod = .none

    @Option(name: .customLong("model-dir"), help: ArgumentHelp("Folder holding segmentation.h5.", valueName: "dir"))
    var modelDir: String?

    @OptionGroup var lvCentre: LVCentreOption

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if moco == .iterative { throw ValidationError("segment takes --moco none or deep") }
        if moco == .deep {
            throw ValidationError("--moco deep is not available in segment in this build (motion correction is not wired in yet); use --moco none")
        }
    }

    func run() throws {
        let logger = global.logger("segment")
        let study = try Ingest.load(path: input, overrides: try ingest.overrides()).study
        var finder = try LearnedSliceAnatomyFinder.load(modelDirectory: modelDir)
        finder.locator.lvCentre = try lvCentre.position()
        var anatomies: [SliceAnatomy] = []
        for (k, series) in study.slices.enumerated() {
            let anatomy = try finder.find(in: series, referenceFrame: nil)
            for warning in anatomy.warnings { logger.warning("slice \(k): \(warning)") }
            anatomies.append(anatomy)
        }
        try AtomicOutput.write(to: out) { try SegmentationOutput.write(study: study, anatomies: anatomies, to: $0) }
        print("segmented \(study.slices.count) slice(s) into \(out)")
    }
}
