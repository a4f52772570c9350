import ArgumentParser
import Foundation
import Ingest
import MotionCorrection
import Pipeline

struct MocoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moco",
        abstract: "Motion-correct perfusion, AIF and PD frames; write displacement fields and QA metrics.",
        discussion: """
        Writes OUT/moco/slice_<k>.h5 (k = 1..n base to apex; slice_aif.h5 for the AIF series) with \
        the per-frame displacement fields, composed affines, corrected frames, reference frame and \
        outlier flags, OUT/moco/slice_<k>_corrected.nii.gz and OUT/moco/qa.csv (layout: \
        docs/formats.md, "Motion correction output"). Each series is registered in a window around \
        its LV, found automatically; --lv-centre ROW,COL (native pixels of the high-res slices, \
        0-based) centres every slice's window there instead, and the AIF series' window at the same \
        point mapped through the DICOM geometry (when its plane is within 30° of the slices' and the \
        point falls inside it; otherwise the AIF series' LV is found automatically, with a warning).
        """
    )

    @Argument(help: "A single series (DICOM folder or NIfTI) or a whole study (DICOM folder or myoflow .h5).")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String

    @Option(help: "Method: deep, iterative or auto (iterative while the deep weights miss their validated accuracy).")
    var moco: MocoMethod = .deep

    @Option(name: .customLong("model-dir"), help: ArgumentHelp("Folder holding affine1.h5, affine2.h5 and nonrigid.h5 for --moco deep (default: $MYOFLOW_MODELS, else ./Models, else Models/ beside the executable or in the source checkout).", valueName: "dir"))
    var modelDir: String?

    @Flag(help: "Exclude detected outlier frames (mistriggers) from later fits.")
    var excludeOutliers = false

    @OptionGroup var lvCentre: LVCentreOption

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if moco == .none { throw ValidationError("moco needs --moco deep or iterative") }
    }

    func run() throws {
        let log = global.logger("moco")
        let centre = try lvCentre.position()
        // Before any work: a missing model is an immediate error (`auto` resolves as in analyze).
        let method: MotionCorrectionMethod, models: DeepMotionCorrection?
        if moco == .auto {
            let resolved = try MotionCorrectionSelection.resolve(.automatic, modelsDirectory: modelDir ?? AnalysisOptions.defaultModelsDirectory)
            if let note = resolved.warning { log.notice("\(note)") }
            (method, models) = (resolved.method, resolved.deep)
        } else {
            (method, models) = moco == .deep ? (.deep, try deepModels()) : (.iterative, nil)
        }
        let progress = TerminalProgress()
        let loaded = try Ingest.load(path: input, overrides: try ingest.overrides(), progress: progress)
        let start = Date()
        let configuration = MotionCorrectionConfiguration(excludeOutliers: excludeOutliers)
        let summary = try models.map { try MotionCorrectionRun.deep(loaded.study, models: $0, configuration: configuration, lvCentre: centre, progress: progress) }
            ?? MotionCorrectionRun.iterative(loaded.study, configuration: configuration, lvCentre: centre, progress: progress)
        for warning in summary.warnings { log.warning("\(warning)") }
        let folder = try MotionCorrectionRun.write(summary, to: out)
        log.info("motion-corrected \(summary.entries.count) series (\(method.rawValue)) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s: \(folder)")
    }

    /// The deep method's networks from --model-dir (that folder only), or from the default folder
    /// with the same fallbacks as the other commands.
    private func deepModels() throws -> DeepMotionCorrection {
        let folder = modelDir ?? AnalysisOptions.defaultModelsDirectory
        let located = DeepMotionCorrection.locateModels(in: folder, searchOtherFolders: modelDir == nil)
        return try DeepMotionCorrection.load(modelsDirectory: located ?? folder)
    }
}
