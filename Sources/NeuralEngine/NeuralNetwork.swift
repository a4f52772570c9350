/// A loaded network of any supported architecture, built from a `ModelConfig` and parameters.
/// Immutable and `Sendable`; run it through an `InferenceSession` for batched, allocation-free
/// inference, or call it directly (single-threaded, allocates per call).
public struct NeuralNetwork: Sendable {
    public let config: ModelConfig
    public let inputNormalisation: InputNormalisation
    let body: any FrameNetwork

    /// Builds the network; with `strict`, parameters the architecture does not use are an error
    /// (PyTorch `load_state_dict(strict=True)`).
    public init(config: ModelConfig, parameters: ParameterStore, inputNormalisation: InputNormalisation = .none,
                strict: Bool = true) throws {
        self.config = config
        self.inputNormalisation = inputNormalisation
        switch config.architecture {
        case .globalNet: body = try GlobalNet(config: config, parameters: parameters)
        case .localNet: body = try LocalNet(config: config, parameters: parameters)
        case .basicUNet: body = try UNet(config: config, parameters: parameters)
        }
        if strict { try parameters.checkAllUsed() }
    }

    /// Builds from a verified model file.
    public init(weights: ModelWeights) throws {
        try self.init(config: weights.config, parameters: weights.parameters, inputNormalisation: weights.inputNormalisation)
    }

    /// Loads `path` (HDF5 model file, SHA-256 checked) and builds the network.
    public static func load(path: String) throws -> NeuralNetwork {
        try NeuralNetwork(weights: ModelWeights.load(path: path))
    }

    /// Runs every frame of `x` (already normalised) on the calling thread.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try body.validate(channels: x.channels, height: x.height, width: x.width)
        return x.mapFrames { body.forward($0, arena: $1) }
    }
}
