import MyoFlowCore

/// Errors of the motion-correction stage. Messages name the series and frame involved and what
/// the user can do.
public enum MotionCorrectionError: Error, Equatable, CustomStringConvertible {
    /// The series has too few frames for the requested operation.
    case tooFewFrames(series: String, needed: Int, got: Int)
    /// Two images that must share a grid do not.
    case gridMismatch(String)
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, detail: String)
    /// An image or series contains NaN or infinity.
    case nonFinite(series: String, frame: Int)
    /// A linear-algebra step (PCA eigen-decomposition) failed.
    case decompositionFailed(String)
    /// The deep method's trained registration networks are missing (`folder`, file names).
    case modelsMissing(folder: String, files: [String])
    /// A model file of the deep method cannot be used (unreadable, checksum, wrong network or grid).
    case modelInvalid(file: String, problem: String)

    public var description: String {
        switch self {
        case let .tooFewFrames(series, needed, got):
            return "series '\(series)': motion correction needs at least \(needed) frames, got \(got); check that the whole dynamic series was loaded"
        case let .gridMismatch(detail):
            return "grid mismatch: \(detail)"
        case let .invalidParameter(name, detail):
            return "invalid motion-correction parameter \(name): \(detail)"
        case let .nonFinite(series, frame):
            return "series '\(series)', frame \(frame): contains NaN or infinite pixels; re-export the series or exclude the frame"
        case let .decompositionFailed(detail):
            return "PCA reference failed: \(detail)"
        case let .modelsMissing(folder, files):
            return "deep motion correction needs the trained registration networks \(files.map { "\(folder)/\($0)" }.joined(separator: ", ")), which are missing; use --moco iterative, or point --model-dir (or MYOFLOW_MODELS) at the folder holding them"
        case let .modelInvalid(file, problem):
            return "\(file): not a usable registration network for deep motion correction: \(problem); use --moco iterative"
        }
    }
}
