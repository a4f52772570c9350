/// Why a NIfTI file could not be read or written. Messages name the file and the field.
public enum NIfTIError: Error, Equatable, CustomStringConvertible {
    case io(path: String, detail: String)
    case notNIfTI(path: String, detail: String)
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    case unsupportedDataType(path: String, code: Int)
    case unsupportedShape(path: String, dims: [Int], detail: String)
    case gzip(path: String, detail: String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .io(path, detail): return "\(path): \(detail)"
        case let .notNIfTI(path, detail): return "\(path): not a NIfTI-1 file: \(detail)"
        case let .truncated(path, expected, actual): return "\(path): truncated: image data needs \(expected) bytes, file has \(actual)"
        case let .unsupportedDataType(path, code): return "\(path): unsupported NIfTI datatype code \(code) (read: uint8, int8, int16, uint16, int32, uint32, float32, float64)"
        case let .unsupportedShape(path, dims, detail): return "\(path): dimensions \(dims.map(String.init).joined(separator: "×")): \(detail)"
        case let .gzip(path, detail): return "\(path): gzip: \(detail)"
        case let .invalidInput(detail): return detail
        }
    }
}
