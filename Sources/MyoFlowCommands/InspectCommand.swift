import ArgumentParser
import Pipeline

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the series found in a study folder and how each would be used."
    )

    @Argument(help: "Study folder (DICOM), NIfTI file or myoflow .h5 study.")
    var path: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try requireStages([.ingest], for: "inspect")
    }
}
