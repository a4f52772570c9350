/// Errors raised when core types are built from inconsistent data.
public enum CoreError: Error, Equatable, CustomStringConvertible {
    /// An array does not hold the number of elements its declared shape needs.
    case shapeMismatch(what: String, expected: [Int], got: Int)
    /// A value that must be finite and in range is not.
    case invalidValue(what: String, detail: String)
    /// Two objects that must share a grid do not.
    case gridMismatch(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(what, expected, got):
            let shape = expected.map(String.init).joined(separator: "×")
            let count = expected.reduce(1, *)
            return "\(what): expected shape \(shape) (\(count) values), got \(got) values"
        case let .invalidValue(what, detail):
            return "\(what): \(detail)"
        case let .gridMismatch(detail):
            return "grid mismatch: \(detail)"
        }
    }
}
