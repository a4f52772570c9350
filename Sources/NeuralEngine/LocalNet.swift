/// MONAI `LocalNet` (2-d): RegUNet encoder (7×7 kernels at level 0, bottom = conv block only),
/// decoder from depth − 1 down to min(extract_levels) with additive up-sampling + skip addition
/// + conv/residual block, and the extraction block (mean of per-level 3×3 convs resized to the
/// input) — physics-and-acquisition.md §9.
public struct LocalNet: Sendable, FrameNetwork {
    public let config: ModelConfig
    let encoder: RegUNetEncoder
    let ups: [AdditiveUpSample]
    let decoders: [ConvResidualBlock]
    let extraction: ExtractionBlock
    let depth: Int
    public var inputChannels: Int { config.inChannels }

    public init(config: ModelConfig, parameters store: ParameterStore) throws {
        try config.validate(file: store.source)
        guard config.architecture == .localNet, let levels = config.extractLevels, let outChannels = config.outChannels else {
            throw NeuralEngineError.unsupportedConfig(file: store.source, problem: "not a LocalNet config")
        }
        self.config = config
        let depth = config.resolvedDepth, c0 = config.numChannelInitial!
        self.depth = depth
        encoder = try RegUNetEncoder(inChannels: config.inChannels, numChannelInitial: c0, depth: depth,
                                     kernels: [7] + Array(repeating: 3, count: depth), pooling: config.pooling ?? true,
                                     bottomResidual: false, store: store)
        let decodeLevels = Array(stride(from: depth - 1, through: levels.min()!, by: -1))
        ups = try decodeLevels.enumerated().map { i, d in
            try AdditiveUpSample("decode_deconvs.\(i)", inChannels: c0 << (d + 1), outChannels: c0 << d, store: store)
        }
        decoders = try decodeLevels.enumerated().map { i, d in
            try ConvResidualBlock("decode_convs.\(i)", inChannels: c0 << d, outChannels: c0 << d, kernel: 3, store: store)
        }
        extraction = try ExtractionBlock("output_block", levels: levels, channels: encoder.channels, outChannels: outChannels, store: store)
    }

    func validate(channels: Int, height: Int, width: Int) throws {
        let m = 1 << depth
        guard channels == config.inChannels, height % m == 0, width % m == 0 else {
            throw NeuralEngineError.badInput("LocalNet expects \(config.inChannels) channels and sizes divisible by 2^\(depth) = \(m), got \(channels)×\(height)×\(width); pad or crop the frames")
        }
    }

    func outputShape(height: Int, width: Int) -> (channels: Int, height: Int, width: Int) {
        (extraction.convs[0].outChannels, height, width)
    }

    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
        let (skips, bottom) = encoder.forward(x, arena: arena)
        var features: [Int: FeatureMap] = [depth: bottom]
        var decoded = bottom
        for (i, (up, decoder)) in zip(ups, decoders).enumerated() {
            let d = depth - 1 - i
            let upsampled = up.forward(decoded, skip: UnsafePointer(skips[d].data), arena: arena)
            decoded = decoder.forward(upsampled, arena: arena)
            features[d] = decoded
        }
        return extraction.forward(features, height: x.height, width: x.width, arena: arena)
    }
}
