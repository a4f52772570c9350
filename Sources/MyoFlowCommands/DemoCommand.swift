import ArgumentParser
import Pipeline

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the stress phantom with LAD ischaemia, analyse it and report against its ground truth.",
        discussion: """
        Writes to --out the phantom study (study/), the analysis (report.html, segments.csv, maps/, …) and \
        ground_truth_comparison.csv (segment, true MBF, measured, error %).
        """
    )

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String = "myoflow-demo"

    @Option(help: "Motion correction: none, deep, iterative or auto (default auto: iterative while the deep weights miss their validated accuracy, noted in the report; deep once they do and its models load).")
    var moco: MocoMethod?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let log = global.logger("demo")
        let options = AnalysisOptions(motionCorrection: moco.map(\.choice) ?? .automatic)
        try AnalysisPipeline.checkMotionCorrection(options)
        let finder = try AnalysisPipeline.defaultAnatomyFinder(modelsDirectory: options.modelsDirectory)
        let outcome = try DemoRunner.run(out: out, options: options, finder: finder,
                                         progress: TerminalProgress(showTimings: global.verbosity != .quiet))
        if !outcome.result.ischaemicTerritories.isEmpty {
            log.notice("reduced MBF found in: \(outcome.result.ischaemicTerritories.map(\.rawValue).joined(separator: ", "))")
        }
        log.notice("demo written to \(out) (report.html, ground_truth_comparison.csv)")
    }
}
