import ArgumentParser
import Pipeline

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fermi-constrained deconvolution of tissue curves against an AIF (curves only, no images)."
    )

    @Option(help: "AIF CSV: columns time_s,gd (blood Gd, mmol/L).")
    var aif: String

    @Option(help: "Tissue CSV: time_s, then one column per curve (tissue Gd, mmol/L).")
    var tissue: String

    @Option(name: .shortAndLong, help: "Results CSV.")
    var out: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try requireStages([.kinetics], for: "fit")
    }
}
