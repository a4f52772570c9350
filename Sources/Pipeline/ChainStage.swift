/// The stages of the chain in data-flow order, and whether this build implements each.
///
/// `myoflow demo` and `analyze` refuse to run, naming the missing stages, until every stage
/// they need is implemented; each stage issue flips its entry when it lands.
public enum ChainStage: String, CaseIterable, Sendable {
    case phantom = "phantom (synthetic study)"
    case ingest = "ingest"
    case preprocessing = "preprocessing"
    case motionCorrection = "motion correction"
    case coilCorrection = "surface-coil correction"
    case aif = "AIF"
    case kinetics = "Fermi deconvolution"
    case reporting = "AHA reporting"

    /// Whether the stage is implemented in this build.
    public var isImplemented: Bool {
        switch self {
        case .phantom, .ingest, .preprocessing, .motionCorrection, .coilCorrection, .aif, .kinetics, .reporting:
            return false
        }
    }

    /// Stages still missing from a list of needed ones.
    public static func missing(_ needed: [ChainStage] = ChainStage.allCases) -> [ChainStage] {
        needed.filter { !$0.isImplemented }
    }
}

/// Errors of the end-to-end runner.
public enum PipelineError: Error, Equatable, CustomStringConvertible {
    case stagesMissing(command: String, stages: [ChainStage])
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .stagesMissing(command, stages):
            return "'\(command)' cannot run yet: this build lacks the stage(s) \(stages.map(\.rawValue).joined(separator: ", "))"
        case let .invalidArgument(text):
            return text
        }
    }
}

/// Throws `stagesMissing` when any needed stage is not implemented.
public func requireStages(_ stages: [ChainStage], for command: String) throws {
    let missing = ChainStage.missing(stages)
    guard missing.isEmpty else { throw PipelineError.stagesMissing(command: command, stages: missing) }
}
