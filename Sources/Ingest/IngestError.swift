/// Why a study could not be built. Messages name the path, series or option concerned and say
/// what the user can do.
public enum IngestError: Error, Equatable, CustomStringConvertible {
    case pathNotFound(String)
    case noImages(path: String, skipped: Int)
    case noUsableSeries(path: String, detail: String)
    case invalidOverride(option: String, detail: String)
    case unreadableSeries(series: String, detail: String)
    case unsupportedInput(path: String, detail: String)

    public var description: String {
        switch self {
        case let .pathNotFound(path):
            return "\(path): no such file or folder"
        case let .noImages(path, skipped):
            return "\(path): no readable DICOM or NIfTI images found\(skipped > 0 ? " (\(skipped) file(s) skipped; run `myoflow inspect` for the reasons)" : "")"
        case let .noUsableSeries(path, detail):
            return "\(path): no usable perfusion series: \(detail)"
        case let .invalidOverride(option, detail):
            return "\(option): \(detail)"
        case let .unreadableSeries(series, detail):
            return "series \(series): \(detail)"
        case let .unsupportedInput(path, detail):
            return "\(path): \(detail)"
        }
    }
}

/// A problem that did not stop ingest: a skipped file, an assumption, a missing parameter.
public struct IngestWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    /// File concerned, relative to the scanned folder (nil for study-level warnings).
    public var file: String?
    public var message: String

    public init(file: String? = nil, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { file.map { "\($0): \(message)" } ?? message }
}
