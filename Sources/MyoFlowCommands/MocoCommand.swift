import ArgumentParser
import Pipeline

struct MocoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moco",
        abstract: "Motion-correct perfusion, AIF and PD frames; write displacement fields and QA metrics."
    )

    @Argument(help: "A single series (DICOM folder or NIfTI) or a whole study.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String

    @Option(help: "Method: deep or iterative.")
    var moco: MocoMethod = .deep

    @Flag(help: "Exclude detected outlier frames (mistriggers) from later fits.")
    var excludeOutliers = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if moco == .none { throw ValidationError("moco needs --moco deep or iterative") }
    }

    func run() throws {
        try requireStages([.ingest, .preprocessing, .motionCorrection], for: "moco")
    }
}
