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

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try requireStages(ChainStage.allCases.filter { $0 != .phantom }, for: "compare")
    }
}
