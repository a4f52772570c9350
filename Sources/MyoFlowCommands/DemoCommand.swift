import ArgumentParser
import Pipeline

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate the stress phantom with LAD ischaemia, analyse it and report against its ground truth."
    )

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String = "myoflow-demo"

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try requireStages(ChainStage.allCases, for: "demo")
    }
}
