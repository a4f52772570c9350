import ArgumentParser
import Foundation
import Pipeline

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run the whole chain on a study and write MBF maps, AHA segments and an HTML report.",
        discussion: """
        INPUT is a folder of DICOM files (searched recursively), a NIfTI file or a myoflow .h5 study. \
        Results are written atomically: a temporary folder is renamed to --out when complete, and an \
        existing --out is never half-overwritten. When the LV is not found, give its centre with \
        --lv-centre ROW,COL (native pixels of the high-res slices, 0-based). Trained models are read from $MYOFLOW_MODELS \
        (default ./Models).
        """
    )

    @Argument(help: "Study folder (DICOM), NIfTI file or myoflow .h5 study.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder (must not exist, or be a previous myoflow result).")
    var out: String

    @Option(help: "Motion correction: none, deep, iterative or auto (default auto: iterative while the deep weights miss their validated accuracy, noted in the report; deep once they do and its models load).")
    var moco: MocoMethod?

    @OptionGroup var lvCentre: LVCentreOption

    @OptionGroup var borderErosion: BorderErosionOption

    @OptionGroup var sliceLevels: SliceLevelsOption

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let log = global.logger("analyze")
        var options = AnalysisOptions(motionCorrection: moco.map(\.choice) ?? .automatic)
        options.keepIdentifiers = ingest.keepIdentifiers
        options.lvCentre = try lvCentre.position()
        options.borderMargin = borderErosion.margin
        options.sliceLevels = try sliceLevels.levels()
        try AnalysisOutputs.checkDestination(out)
        try AnalysisPipeline.checkMotionCorrection(options)
        let finder = try AnalysisPipeline.defaultAnatomyFinder(modelsDirectory: options.modelsDirectory, lvCentre: options.lvCentre)
        let progress = TerminalProgress(showTimings: global.verbosity != .quiet)
        let result = try AnalysisPipeline.run(input: .path(input, overrides: try ingest.overrides()), options: options,
                                              finder: finder, progress: progress)
        try AnalysisOutputs.write(result, run: RunRecord(finder: finder, modelsDirectory: options.modelsDirectory,
                                                         command: CommandLine.arguments.joined(separator: " ")), to: out)
        for w in result.warnings { log.warning("\(w)") }
        log.notice("results in \(out) (report.html, segments.csv)")
    }
}

extension MocoMethod {
    /// The pipeline's choice for this command-line value.
    var choice: MotionCorrectionChoice {
        switch self {
        case .none: return .none
        case .deep: return .deep
        case .iterative: return .iterative
        case .auto: return .automatic
        }
    }
}
