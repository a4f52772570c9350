/// MONAI `BasicUNet` (2-d) for segmentation logits / landmark heatmaps: `features` f₀…f₅;
/// conv_0 = TwoConv(in → f₀); down_k = MaxPool 2 + TwoConv(f_{k−1} → f_k), k = 1…4;
/// upcat_k = ConvTranspose (k2 s2, bias; halves channels except upcat_1) → concat [skip, up] →
/// TwoConv; final 1×1 conv (bias) to `out_channels`. TwoConv = 2 × [3×3 conv (bias) → norm →
/// activation]; norm "batch" (folded at load), "instance" (affine) or "none". Dropout is a no-op at
/// inference. Frame sizes must be divisible by 16 (MONAI pads odd sizes; not supported here).
public struct UNet: Sendable, FrameNetwork {
    public let config: ModelConfig

    struct ConvNorm: Sendable {
        let conv: Conv2d
        let instanceNorm: InstanceNorm?
        let activation: Activation

        /// Keys `prefix.conv.weight`, `prefix.conv.bias` (when bias), `prefix.adn.N.*`.
        init(_ prefix: String, inChannels: Int, outChannels: Int, norm: String, bias: Bool, activation: Activation,
             store: ParameterStore) throws {
            var w = try store.take("\(prefix).conv.weight", shape: [outChannels, inChannels, 3, 3])
            var b = bias ? try store.take("\(prefix).conv.bias", shape: [outChannels]) : nil
            var fused = activation
            var instance: InstanceNorm?
            switch norm {
            case "batch":
                (w, b) = try { let f = try store.batchNorm("\(prefix).adn.N", channels: outChannels).fold(convWeight: w, bias: b); return (f.weight, Optional(f.bias)) }()
            case "instance":
                instance = InstanceNorm(weight: try store.take("\(prefix).adn.N.weight", shape: [outChannels]),
                                            bias: try store.take("\(prefix).adn.N.bias", shape: [outChannels]))
                fused = .identity
            default: break
            }
            self.activation = activation
            instanceNorm = instance
            conv = try Conv2d(inChannels: inChannels, outChannels: outChannels, sameKernel: 3, weight: w, bias: b, activation: fused)
        }

        func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
            let y = conv.forward(x, arena: arena)
            instanceNorm?.apply(y, activation: activation)
            return y
        }
    }

    struct TwoConv: Sendable {
        let first: ConvNorm, second: ConvNorm
        init(_ prefix: String, inChannels: Int, outChannels: Int, norm: String, bias: Bool, activation: Activation, store: ParameterStore) throws {
            first = try ConvNorm("\(prefix).conv_0", inChannels: inChannels, outChannels: outChannels, norm: norm, bias: bias, activation: activation, store: store)
            second = try ConvNorm("\(prefix).conv_1", inChannels: outChannels, outChannels: outChannels, norm: norm, bias: bias, activation: activation, store: store)
        }
        func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap { second.forward(first.forward(x, arena: arena), arena: arena) }
    }

    struct UpCat: Sendable {
        let up: ConvTranspose2d
        let convs: TwoConv
        /// Keys `prefix.upsample.deconv.{weight,bias}`, `prefix.convs.*`.
        init(_ prefix: String, inChannels: Int, catChannels: Int, outChannels: Int, halves: Bool, norm: String, bias: Bool,
             activation: Activation, store: ParameterStore) throws {
            let upChannels = halves ? inChannels / 2 : inChannels
            up = try ConvTranspose2d(inChannels: inChannels, outChannels: upChannels, kernel: (2, 2), stride: (2, 2),
                                     weight: store.take("\(prefix).upsample.deconv.weight", shape: [inChannels, upChannels, 2, 2]),
                                     bias: bias ? store.take("\(prefix).upsample.deconv.bias", shape: [upChannels]) : nil)
            convs = try TwoConv("\(prefix).convs", inChannels: catChannels + upChannels, outChannels: outChannels, norm: norm,
                                bias: bias, activation: activation, store: store)
        }
        func forward(_ x: FeatureMap, skip: FeatureMap, arena: Arena) -> FeatureMap {
            let upsampled = up.forward(x, arena: arena)
            let cat = FeatureMap(channels: skip.channels + upsampled.channels, height: skip.height, width: skip.width, arena: arena)
            cat.data.update(from: skip.data, count: skip.count)          // torch.cat([x_e, x_0], dim=1)
            (cat.data + skip.count).update(from: upsampled.data, count: upsampled.count)
            return convs.forward(cat, arena: arena)
        }
    }

    let stem: TwoConv
    let downs: [TwoConv]
    let ups: [UpCat]
    let final: Conv2d
    let pool = MaxPool2d()
    public var inputChannels: Int { config.inChannels }

    public init(config: ModelConfig, parameters store: ParameterStore) throws {
        try config.validate(file: store.source)
        guard config.architecture == .basicUNet, let f = config.features, f.count == 6, let out = config.outChannels else {
            throw NeuralEngineError.unsupportedConfig(file: store.source, problem: "not a BasicUNet config (needs 6 features and out_channels)")
        }
        self.config = config
        let norm = config.norm ?? "batch", bias = config.bias ?? true
        let activation: Activation = (config.act ?? "leakyrelu") == "relu" ? .relu : .leakyReLU(slope: Float(config.negativeSlope ?? 0.1))
        stem = try TwoConv("conv_0", inChannels: config.inChannels, outChannels: f[0], norm: norm, bias: bias, activation: activation, store: store)
        downs = try (1...4).map { k in
            try TwoConv("down_\(k).convs", inChannels: f[k - 1], outChannels: f[k], norm: norm, bias: bias, activation: activation, store: store)
        }
        ups = try [4, 3, 2, 1].map { k in
            try UpCat("upcat_\(k)", inChannels: f[k], catChannels: f[k - 1], outChannels: k == 1 ? f[5] : f[k - 1], halves: k != 1,
                      norm: norm, bias: bias, activation: activation, store: store)
        }
        final = try Conv2d(inChannels: f[5], outChannels: out, kernel: (1, 1),
                           weight: store.take("final_conv.weight", shape: [out, f[5], 1, 1]),
                           bias: bias ? store.take("final_conv.bias", shape: [out]) : nil)
    }

    func validate(channels: Int, height: Int, width: Int) throws {
        guard channels == config.inChannels, height % 16 == 0, width % 16 == 0, height > 0, width > 0 else {
            throw NeuralEngineError.badInput("BasicUNet expects \(config.inChannels) channels and sizes divisible by 16, got \(channels)×\(height)×\(width); pad or crop the frames")
        }
    }

    func outputShape(height: Int, width: Int) -> (channels: Int, height: Int, width: Int) { (final.outChannels, height, width) }

    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
        var skips = [stem.forward(x, arena: arena)]
        for down in downs { skips.append(down.forward(pool.forward(skips.last!, arena: arena), arena: arena)) }
        var u = skips[4]
        for (i, up) in ups.enumerated() { u = up.forward(u, skip: skips[3 - i], arena: arena) }
        return final.forward(u, arena: arena)
    }
}
