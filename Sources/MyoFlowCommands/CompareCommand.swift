import ArgumentParser
import Pipeline

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "QA: MBF without motion correction, with deep and with iterative correction, side by side."
    )

    @Argument(help: "Study folder (DICOM), NIfTI file or myoflow .h5 study.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder for comparison.csv and compare.html.")
    var out: String

    @OptionGroup var borderErosion: BorderErosionOption

    @OptionGroup var sliceLevels: SliceLevelsOption

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let log = global.logger("compare")
        var options = AnalysisOptions()
        options.keepIdentifiers = ingest.keepIdentifiers
        options.borderMargin = borderErosion.margin
        options.sliceLevels = try sliceLevels.levels()
        let finder = try AnalysisPipeline.defaultAnatomyFinder(modelsDirectory: options.modelsDirectory)
        let arms = try CompareRunner.run(input: .path(input, overrides: try ingest.overrides()), options: options, finder: finder,
                                         progress: TerminalProgress(showTimings: global.verbosity != .quiet))
        try CompareRunner.write(arms, to: out)
        for arm in arms where arm.result == nil { log.warning("\(arm.method.rawValue) not run: \(arm.skipped ?? "")") }
        log.notice("comparison in \(out) (comparison.csv, compare.html)")
    }
}
