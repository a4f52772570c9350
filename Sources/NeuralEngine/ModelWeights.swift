import Foundation
import HDF5IO

/// A model file: one HDF5 file per model (docs/formats.md, "Model weights (HDF5)").
/// Root attributes `config` (JSON, `ModelConfig`), `input_normalisation` (JSON),
/// `provenance` (JSON, free-form training record), `sha256` (hex, of the parameters) and a group
/// `parameters` with one float32 dataset per PyTorch state_dict key (BatchNorm running statistics
/// included, `num_batches_tracked` omitted).
public struct ModelWeights {
    public var path: String
    public var config: ModelConfig
    public var inputNormalisation: InputNormalisation
    /// The provenance JSON as stored.
    public var provenanceJSON: String
    /// The SHA-256 recorded in the file (verified at load).
    public var sha256: String
    public var parameters: ParameterStore

    /// Reads and verifies a model file: the config parses and is supported, every parameter is
    /// float32-compatible, and the parameter SHA-256 matches the recorded one.
    public static func load(path: String) throws -> ModelWeights {
        let file: HDF5File
        do { file = try HDF5File(path: path, mode: .read) } catch {
            throw NeuralEngineError.badModelFile(file: path, problem: "cannot open as HDF5 (\(error))")
        }
        func attribute(_ name: String) throws -> String {
            guard file.hasAttribute(name) else { throw NeuralEngineError.badModelFile(file: path, problem: "root attribute '\(name)' is missing") }
            return try file.stringAttribute(name)
        }
        let config = try ModelConfig.decode(json: attribute("config"), file: path)
        try config.validate(file: path)
        let normalisation = try InputNormalisation.decode(json: attribute("input_normalisation"), file: path)
        let provenance = try attribute("provenance")
        let stored = try attribute("sha256").lowercased()
        guard file.contains("parameters") else { throw NeuralEngineError.badModelFile(file: path, problem: "group 'parameters' is missing") }
        let group = try file.openGroup("parameters")
        var entries: [String: ParameterStore.Entry] = [:]
        for name in group.memberNames() {
            let array: HDF5Array<Float>
            do { array = try group.read(name) } catch {
                throw NeuralEngineError.badModelFile(file: path, problem: "parameter '\(name)' is not a float dataset (\(error))")
            }
            entries[name] = .init(shape: array.shape, values: array.values)
        }
        let store = ParameterStore(source: path, entries: entries)
        let computed = store.sha256()
        guard computed == stored else { throw NeuralEngineError.checksumMismatch(file: path, stored: stored, computed: computed) }
        return ModelWeights(path: path, config: config, inputNormalisation: normalisation, provenanceJSON: provenance,
                            sha256: stored, parameters: store)
    }

    /// Writes a model file (to a temporary name, then renamed into place). The SHA-256 is computed
    /// from `parameters`.
    public static func write(path: String, config: ModelConfig, parameters: ParameterStore,
                             inputNormalisation: InputNormalisation = .none, provenanceJSON: String = "{}") throws {
        let temporary = path + ".partial"
        do {
            let file = try HDF5File(path: temporary, mode: .truncate)
            try file.setAttribute("format", "myoflow-model-weights")
            try file.setAttribute("format_version", 1)
            try file.setAttribute("config", config.json())
            try file.setAttribute("input_normalisation", inputNormalisation.json())
            try file.setAttribute("provenance", provenanceJSON)
            try file.setAttribute("sha256", parameters.sha256())
            let group = try file.createGroup("parameters")
            for (key, entry) in parameters.entries.sorted(by: { $0.key < $1.key }) {
                try group.write(key, values: entry.values, shape: entry.shape)
            }
            try file.flush()
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }
}
