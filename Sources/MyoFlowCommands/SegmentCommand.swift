import ArgumentParser
import Pipeline

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Find the peak-LV frame, LV, myocardium, RV and RV insertion points of each slice."
    )

    @Argument(help: "A single series (DICOM folder or NIfTI) or a whole study.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String

    @Option(help: "Motion correction before segmenting: none or deep.")
    var moco: MocoMethod = .deep

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if moco == .iterative { throw ValidationError("segment takes --moco none or deep") }
    }

    func run() throws {
        try requireStages([.ingest, .preprocessing] + (moco == .none ? [] : [.motionCorrection]), for: "segment")
    }
}
