/// Errors of the physics helpers.
public enum PhysicsError: Error, Equatable, CustomStringConvertible {
    case invalidParameter(String)

    public var description: String {
        switch self {
        case let .invalidParameter(detail): return detail
        }
    }
}
