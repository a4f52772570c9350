/// Errors of phantom generation and export.
public enum PhantomError: Error, Equatable, CustomStringConvertible {
    /// An unknown case name.
    case unknownCase(String, known: [String])
    /// A parameter out of range.
    case invalidParameter(String)
    /// An output could not be written.
    case writeFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case let .unknownCase(name, known):
            return "unknown phantom case '\(name)'; known cases: \(known.joined(separator: ", "))"
        case let .invalidParameter(detail):
            return "invalid phantom parameter: \(detail)"
        case let .writeFailed(path, detail):
            return "\(path): cannot write (\(detail)); check the folder exists and is writable"
        }
    }
}
