/// Errors of the inference engine. Messages name the file, the tensor and what to do.
public enum NeuralEngineError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(what: String, expected: [Int], got: [Int])
    case missingTensor(file: String, key: String)
    case wrongTensorShape(file: String, key: String, expected: [Int], got: [Int])
    case unexpectedTensors(file: String, keys: [String])
    case checksumMismatch(file: String, stored: String, computed: String)
    case badModelFile(file: String, problem: String)
    case unsupportedConfig(file: String, problem: String)
    case badInput(String)

    private static func dims(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }

    public var description: String {
        switch self {
        case let .shapeMismatch(what, expected, got):
            return "\(what): expected shape \(Self.dims(expected)), got \(Self.dims(got))"
        case let .missingTensor(file, key):
            return "\(file): parameter '\(key)' is missing; the file does not match its config (re-export the model)"
        case let .wrongTensorShape(file, key, expected, got):
            return "\(file): parameter '\(key)' has shape \(Self.dims(got)), the config needs \(Self.dims(expected))"
        case let .unexpectedTensors(file, keys):
            return "\(file): parameters not used by the configured network: \(keys.prefix(5).joined(separator: ", "))\(keys.count > 5 ? " … (\(keys.count) in all)" : ""); the config and weights disagree"
        case let .checksumMismatch(file, stored, computed):
            return "\(file): parameter SHA-256 is \(computed) but the file records \(stored); the weights are corrupt or were edited — re-export the model"
        case let .badModelFile(file, problem):
            return "\(file): not a usable model file: \(problem)"
        case let .unsupportedConfig(file, problem):
            return "\(file): unsupported model config: \(problem)"
        case let .badInput(problem):
            return "network input: \(problem)"
        }
    }
}
