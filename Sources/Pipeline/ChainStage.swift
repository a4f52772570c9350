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
            return true
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
    /// The learned segmentation model is missing (the product never falls back to ground truth).
    case segmentationModelMissing(path: String)
    /// `--moco deep` without the trained networks.
    case deepMotionCorrectionUnavailable(missing: [String])
    /// A stage failed on one series; `series` names it.
    case stageFailed(stage: String, series: String, detail: String)
    /// The output folder cannot be written.
    case output(path: String, detail: String)

    public var description: String {
        switch self {
        case let .stagesMissing(command, stages):
            return "'\(command)' cannot run yet: this build lacks the stage(s) \(stages.map(\.rawValue).joined(separator: ", "))"
        case let .invalidArgument(text):
            return text
        case let .segmentationModelMissing(path):
            return "segmentation model not available: \(path) is missing; train it (tools/train) or set MYOFLOW_MODELS to the folder holding segmentation.h5"
        case let .deepMotionCorrectionUnavailable(missing):
            return missing.isEmpty
                ? "deep motion correction is not available in this build; use --moco iterative (or --moco none)"
                : "deep motion correction needs the trained models \(missing.joined(separator: ", ")), which are missing; use --moco iterative (or --moco none), or set MYOFLOW_MODELS to the folder holding them"
        case let .stageFailed(stage, series, detail):
            return "\(stage) failed on series '\(series)': \(detail)"
        case let .output(path, detail):
            return "cannot write '\(path)': \(detail)"
        }
    }
}

/// Throws `stagesMissing` when any needed stage is not implemented.
public func requireStages(_ stages: [ChainStage], for command: String) throws {
    let missing = ChainStage.missing(stages)
    guard missing.isEmpty else { throw PipelineError.stagesMissing(command: command, stages: missing) }
}
