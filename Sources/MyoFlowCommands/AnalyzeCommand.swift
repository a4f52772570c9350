import ArgumentParser
import Pipeline

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run the whole chain on a study and write MBF maps, AHA segments and an HTML report.",
        discussion: """
        INPUT is a folder of DICOM files (searched recursively), a NIfTI file or a myoflow .h5 study. \
        Results are written atomically: a temporary folder is renamed to --out when complete, and an \
        existing --out is never half-overwritten.
        """
    )

    @Argument(help: "Study folder (DICOM), NIfTI file or myoflow .h5 study.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder (must not exist, or be a previous myoflow result).")
    var out: String

    @Option(help: "Motion correction: none, deep or iterative.")
    var moco: MocoMethod = .deep

    @Flag(help: "Keep patient name, ID and dates in outputs (off by default).")
    var keepIdentifiers = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try requireStages(ChainStage.allCases.filter { $0 != .phantom }, for: "analyze")
    }
}
