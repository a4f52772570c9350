import Foundation

/// Named parameter tensors (PyTorch state_dict keys) that network builders take from, checking
/// shapes. Either read from a model file or generated deterministically (random weights for
/// benchmarks and tests). Tracks which keys were used so leftovers can be reported.
public final class ParameterStore {
    public struct Entry: Sendable {
        public var shape: [Int]
        public var values: [Float]
        public init(shape: [Int], values: [Float]) { self.shape = shape; self.values = values }
    }

    /// The file the parameters came from (for error messages), or a description.
    public let source: String
    public private(set) var entries: [String: Entry]
    private var randomState: UInt64?
    private var used: Set<String> = []

    public init(source: String, entries: [String: Entry]) {
        self.source = source
        self.entries = entries
    }

    /// A store that invents every requested tensor: conv/linear weights N(0, 1/fan-in), BatchNorm
    /// weights near 1, running variances in [0.5, 1.5), everything else small. Deterministic in `seed`.
    public static func random(seed: UInt64) -> ParameterStore {
        let store = ParameterStore(source: "random weights (seed \(seed))", entries: [:])
        store.randomState = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return store
    }

    /// Takes `key`, which must have `shape`.
    public func take(_ key: String, shape: [Int]) throws -> [Float] {
        if randomState != nil, entries[key] == nil { entries[key] = Entry(shape: shape, values: invent(key, shape: shape)) }
        guard let entry = entries[key] else { throw NeuralEngineError.missingTensor(file: source, key: key) }
        guard entry.shape == shape else { throw NeuralEngineError.wrongTensorShape(file: source, key: key, expected: shape, got: entry.shape) }
        used.insert(key)
        return entry.values
    }

    /// Takes `prefix`.weight/bias/running_mean/running_var of a BatchNorm over `channels`.
    public func batchNorm(_ prefix: String, channels: Int) throws -> BatchNormStatistics {
        try BatchNormStatistics(weight: take("\(prefix).weight", shape: [channels]), bias: take("\(prefix).bias", shape: [channels]),
                                runningMean: take("\(prefix).running_mean", shape: [channels]),
                                runningVariance: take("\(prefix).running_var", shape: [channels]))
    }

    /// Throws when some stored tensors were never taken (config and weights disagree).
    public func checkAllUsed() throws {
        let unused = entries.keys.filter { !used.contains($0) }.sorted()
        guard unused.isEmpty else { throw NeuralEngineError.unexpectedTensors(file: source, keys: unused) }
    }

    /// SHA-256 over the little-endian float32 bytes of every tensor, keys sorted by UTF-8 bytes
    /// (docs/formats.md, "Model weights (HDF5)").
    public func sha256() -> String {
        var hash = SHA256()
        for key in entries.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            hash.update(floats: entries[key]!.values)
        }
        return hash.finalizeHex()
    }

    private func nextUniform() -> Float {
        // xorshift64*: a deterministic stream for invented weights.
        var x = randomState!
        x ^= x >> 12; x ^= x << 25; x ^= x >> 27
        randomState = x
        return Float((x &* 0x2545_F491_4F6C_DD1D) >> 40) / Float(1 << 24)
    }

    private func invent(_ key: String, shape: [Int]) -> [Float] {
        let count = shape.reduce(1, *)
        let fanIn = shape.count > 1 ? shape.dropFirst().reduce(1, *) : 1
        let scale: Float = (3 / Float(max(fanIn, 1))).squareRoot()   // uniform with variance 1/fan-in
        return (0..<count).map { _ in
            let u = nextUniform()
            if key.hasSuffix("running_var") { return 0.5 + u }
            if shape.count == 1 && key.hasSuffix("weight") { return 0.8 + 0.4 * u }
            if shape.count == 1 { return 0.1 * (2 * u - 1) }
            return scale * (2 * u - 1)
        }
    }
}
