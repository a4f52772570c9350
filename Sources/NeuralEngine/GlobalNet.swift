/// MONAI `GlobalNet` (2-d): RegUNet encoder without decoder, then `AffineHead` on the bottom
/// features; the output is the affine DDF [2, H, W] (physics-and-acquisition.md §9).
public struct GlobalNet: Sendable, FrameNetwork {
    public let config: ModelConfig
    let encoder: RegUNetEncoder
    public let head: AffineHead
    public var inputChannels: Int { config.inChannels }

    /// Builds from `store` (keys as MONAI's state_dict); the config must be a valid GlobalNet.
    public init(config: ModelConfig, parameters store: ParameterStore) throws {
        try config.validate(file: store.source)
        guard config.architecture == .globalNet, let depth = config.depth, let size = config.imageSize else {
            throw NeuralEngineError.unsupportedConfig(file: store.source, problem: "not a GlobalNet config")
        }
        self.config = config
        encoder = try RegUNetEncoder(inChannels: config.inChannels, numChannelInitial: config.numChannelInitial!, depth: depth,
                                     kernels: Array(repeating: 3, count: depth + 1), pooling: config.pooling ?? true,
                                     bottomResidual: true, store: store)
        let features = encoder.channels[depth] * (size[0] >> depth) * (size[1] >> depth)
        let linear = try Linear(inFeatures: features, outFeatures: 6,
                                weight: store.take("output_block.fc.weight", shape: [6, features]),
                                bias: store.take("output_block.fc.bias", shape: [6]))
        head = try AffineHead(linear: linear, imageHeight: size[0], imageWidth: size[1])
    }

    func validate(channels: Int, height: Int, width: Int) throws {
        guard channels == config.inChannels, height == head.imageHeight, width == head.imageWidth else {
            throw NeuralEngineError.badInput("GlobalNet expects \(config.inChannels)×\(head.imageHeight)×\(head.imageWidth) frames, got \(channels)×\(height)×\(width); resample the frames to the model's image_size")
        }
    }

    func outputShape(height: Int, width: Int) -> (channels: Int, height: Int, width: Int) {
        (2, head.imageHeight, head.imageWidth)
    }

    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
        head.forward(encoder.forward(x, arena: arena).bottom, arena: arena)
    }
}
