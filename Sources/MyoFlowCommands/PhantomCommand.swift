import ArgumentParser
import Pipeline

struct PhantomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantom",
        abstract: "Synthesise a dual-sequence perfusion study with known MBF, or a randomised training set."
    )

    @Option(name: .shortAndLong, help: "Output folder (study) or .h5 file (training set).")
    var out: String

    @Option(help: "Named case.")
    var `case`: String = "stress-lad"

    @Option(help: "Random seed; the same seed gives the same study.")
    var seed: UInt64 = 1

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try requireStages([.phantom], for: "phantom")
    }
}
