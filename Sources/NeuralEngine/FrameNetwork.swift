/// A network that maps one C×H×W frame to one output frame on arena memory.
protocol FrameNetwork: Sendable {
    var inputChannels: Int { get }
    /// Throws when a frame of this size cannot go through the network.
    func validate(channels: Int, height: Int, width: Int) throws
    /// Output channels, rows and columns for an input frame of this size.
    func outputShape(height: Int, width: Int) -> (channels: Int, height: Int, width: Int)
    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap
}

/// The RegUNet encoder shared by GlobalNet and LocalNet: per level d < depth a conv block +
/// residual block (skip saved before down-sampling), then the bottom block.
struct RegUNetEncoder: Sendable {
    let levels: [ConvResidualBlock]
    let pools: [DownSampleBlock]
    let bottomConv: ConvBlock
    let bottomResidual: ResidualBlock?
    let channels: [Int]

    /// Keys `encode_convs.{d}.*`, `encode_pools.{d}.*`, `bottom_block.*`.
    init(inChannels: Int, numChannelInitial c0: Int, depth: Int, kernels: [Int], pooling: Bool, bottomResidual: Bool,
         store: ParameterStore) throws {
        channels = (0...depth).map { c0 << $0 }
        levels = try (0..<depth).map { d in
            try ConvResidualBlock("encode_convs.\(d)", inChannels: d == 0 ? inChannels : c0 << (d - 1), outChannels: c0 << d,
                                  kernel: kernels[d], store: store)
        }
        pools = try (0..<depth).map { d in try DownSampleBlock("encode_pools.\(d)", channels: c0 << d, pooling: pooling, store: store) }
        let inBottom = depth == 0 ? inChannels : c0 << (depth - 1)
        if bottomResidual {
            bottomConv = try ConvBlock("bottom_block.0", inChannels: inBottom, outChannels: channels[depth], kernel: kernels[depth], store: store)
            self.bottomResidual = try ResidualBlock("bottom_block.1", channels: channels[depth], kernel: kernels[depth], store: store)
        } else {
            bottomConv = try ConvBlock("bottom_block", inChannels: inBottom, outChannels: channels[depth], kernel: kernels[depth], store: store)
            self.bottomResidual = nil
        }
    }

    /// Returns the skips (levels 0..<depth) and the bottom features.
    func forward(_ x: FeatureMap, arena: Arena) -> (skips: [FeatureMap], bottom: FeatureMap) {
        var skips: [FeatureMap] = []
        skips.reserveCapacity(levels.count)
        var h = x
        for (level, pool) in zip(levels, pools) {
            let skip = level.forward(h, arena: arena)
            skips.append(skip)
            h = pool.forward(skip, arena: arena)
        }
        var bottom = bottomConv.forward(h, arena: arena)
        if let bottomResidual { bottom = bottomResidual.forward(bottom, arena: arena) }
        return (skips, bottom)
    }
}
