/// Errors of the surface-coil correction. Messages name the series and what to supply.
public enum CoilCorrectionError: Error, Equatable, CustomStringConvertible {
    case noPDFrames(series: String)
    case missingFlipAngle(series: String, which: String)
    case noForeground(series: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case let .noPDFrames(series):
            return "series '\(series)' has no proton-density frames; surface-coil correction needs them (name them with --pd-frames if ingest missed them)"
        case let .missingFlipAngle(series, which):
            let option = which.hasPrefix("PD") ? "--pd-flip-angle (--aif-pd-flip-angle for the AIF series)" : "--flip-angle"
            return "series '\(series)' lacks the \(which) flip angle; supply it with \(option) to scale the PD normalisation"
        case let .noForeground(series):
            return "series '\(series)': the PD image has no pixels above the foreground threshold"
        case let .invalidOption(detail):
            return detail
        }
    }
}
