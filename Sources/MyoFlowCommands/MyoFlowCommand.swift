import ArgumentParser

/// The root `myoflow` command.
public struct MyoFlowCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "myoflow",
        abstract: "Quantitative stress-perfusion cardiac MR: DICOM in, myocardial blood flow (ml/min/g) out.",
        discussion: """
        Typical use: `myoflow analyze STUDY_DIR --out RESULTS_DIR`. `myoflow demo` runs the whole \
        chain on a synthetic phantom with known MBF.
        """,
        version: version,
        subcommands: [
            AnalyzeCommand.self, CompareCommand.self, DemoCommand.self, PhantomCommand.self, FitCommand.self,
            InspectCommand.self, SegmentCommand.self, MocoCommand.self, BatchCommand.self,
        ]
    )

    public init() {}
}
