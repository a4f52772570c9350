/// Errors from HDF5 files, naming the file and the object.
public enum HDF5Error: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String)
    case cannotCreate(path: String)
    case missingObject(path: String, name: String)
    case wrongType(path: String, name: String, expected: String)
    case wrongShape(path: String, name: String, expected: String, got: [Int])
    case operationFailed(path: String, what: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path): return "\(path): cannot open as HDF5 (missing, unreadable or not an HDF5 file)"
        case let .cannotCreate(path): return "\(path): cannot create HDF5 file"
        case let .missingObject(path, name): return "\(path): no '\(name)'"
        case let .wrongType(path, name, expected): return "\(path): '\(name)' is not \(expected)"
        case let .wrongShape(path, name, expected, got):
            return "\(path): '\(name)' has shape \(got.map(String.init).joined(separator: "×")), expected \(expected)"
        case let .operationFailed(path, what): return "\(path): \(what) failed"
        }
    }
}
