/// Errors of the kinetics layer that abort a whole request (a single bad curve never throws;
/// it comes back as a flagged `FermiFitResult`).
public enum KineticsError: Error, Equatable, CustomStringConvertible {
    /// The AIF or the shared time base cannot be used for any curve.
    case curve(CurveFitFailure)
    /// Inputs do not match (shapes, masks, times).
    case invalidInput(String)
    /// A CSV file could not be read or written (file, line, column in the message).
    case csv(String)

    public var description: String {
        switch self {
        case let .curve(failure): return failure.description
        case let .invalidInput(detail): return detail
        case let .csv(detail): return detail
        }
    }
}
