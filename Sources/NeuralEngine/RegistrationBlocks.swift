/// MONAI `regunet_block` building blocks with BatchNorm folded at load
/// (physics-and-acquisition.md §9 "Building blocks"). Each loads from state_dict keys under a
/// prefix and runs one frame on arena memory.

/// `get_conv_block`: conv (no bias, "same" padding unless given) → BN → ReLU.
struct ConvBlock: Sendable {
    let conv: Conv2d

    /// Keys `prefix.conv.weight`, `prefix.adn.N.{weight,bias,running_mean,running_var}`.
    init(_ prefix: String, inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int? = nil,
         store: ParameterStore) throws {
        let w = try store.take("\(prefix).conv.weight", shape: [outChannels, inChannels, kernel, kernel])
        let folded = try store.batchNorm("\(prefix).adn.N", channels: outChannels).fold(convWeight: w)
        let p = padding ?? (kernel - 1) / 2
        conv = try Conv2d(inChannels: inChannels, outChannels: outChannels, kernel: (kernel, kernel), stride: (stride, stride),
                          padding: (p, p), weight: folded.weight, bias: folded.bias, activation: .relu)
    }

    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap { conv.forward(x, arena: arena) }
}

/// `RegistrationResidualConvBlock`: conv → BN → ReLU → conv → BN → + input → ReLU.
struct ResidualBlock: Sendable {
    let first: Conv2d
    let second: Conv2d

    /// Keys `prefix.layers.{0,1}.conv.weight`, `prefix.norms.{0,1}.*`.
    init(_ prefix: String, channels: Int, kernel: Int, store: ParameterStore) throws {
        func layer(_ i: Int) throws -> Conv2d {
            let w = try store.take("\(prefix).layers.\(i).conv.weight", shape: [channels, channels, kernel, kernel])
            let folded = try store.batchNorm("\(prefix).norms.\(i)", channels: channels).fold(convWeight: w)
            return try Conv2d(inChannels: channels, outChannels: channels, sameKernel: kernel, weight: folded.weight,
                              bias: folded.bias, activation: .relu)
        }
        first = try layer(0)
        second = try layer(1)
    }

    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
        let y = first.forward(x, arena: arena)
        return second.forward(y, arena: arena, residual: UnsafePointer(x.data))
    }
}

/// An encoder level: conv block then residual block (`RegUNet.build_conv_block`).
struct ConvResidualBlock: Sendable {
    let conv: ConvBlock
    let residual: ResidualBlock

    /// Keys `prefix.0.*` (conv block) and `prefix.1.*` (residual block).
    init(_ prefix: String, inChannels: Int, outChannels: Int, kernel: Int, store: ParameterStore) throws {
        conv = try ConvBlock("\(prefix).0", inChannels: inChannels, outChannels: outChannels, kernel: kernel, store: store)
        residual = try ResidualBlock("\(prefix).1", channels: outChannels, kernel: kernel, store: store)
    }

    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
        residual.forward(conv.forward(x, arena: arena), arena: arena)
    }
}

/// `RegistrationDownSampleBlock`: max pool 2×2, or a conv block with kernel 2, stride 2, no padding.
enum DownSampleBlock: Sendable {
    case pool(MaxPool2d)
    case conv(ConvBlock)

    /// Keys `prefix.layer.*` when not pooling.
    init(_ prefix: String, channels: Int, pooling: Bool, store: ParameterStore) throws {
        if pooling {
            self = .pool(MaxPool2d())
        } else {
            self = .conv(try ConvBlock("\(prefix).layer", inChannels: channels, outChannels: channels, kernel: 2, stride: 2,
                                       padding: 0, store: store))
        }
    }

    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
        switch self {
        case let .pool(pool): return pool.forward(x, arena: arena)
        case let .conv(block): return block.forward(x, arena: arena)
        }
    }
}

/// `AdditiveUpSampleBlock`: ReLU(BN(convᵀ(x))) + Σ halves of nearest×2(x); the decoder's encoder
/// skip is added in the same pass.
public struct AdditiveUpSample: Sendable {
    public let deconv: ConvTranspose2d

    /// Keys `prefix.deconv.conv.weight` (Cin, Cout, 3, 3), `prefix.deconv.adn.N.*`.
    init(_ prefix: String, inChannels: Int, outChannels: Int, store: ParameterStore) throws {
        let w = try store.take("\(prefix).deconv.conv.weight", shape: [inChannels, outChannels, 3, 3])
        let bn = try store.batchNorm("\(prefix).deconv.adn.N", channels: outChannels)
        try self.init(inChannels: inChannels, outChannels: outChannels, weight: w, batchNorm: bn)
    }

    /// From raw weights (Cin, Cout, 3, 3) and BatchNorm statistics; Cin must be 2·Cout.
    public init(inChannels: Int, outChannels: Int, weight: [Float], batchNorm: BatchNormStatistics) throws {
        guard inChannels == 2 * outChannels else {
            throw NeuralEngineError.shapeMismatch(what: "AdditiveUpSample channels (in = 2·out)", expected: [2 * outChannels], got: [inChannels])
        }
        let folded = try batchNorm.fold(transposedWeight: weight, inChannels: inChannels)
        deconv = try ConvTranspose2d(inChannels: inChannels, outChannels: outChannels, kernel: (3, 3), stride: (2, 2),
                                     padding: (1, 1), outputPadding: (1, 1), weight: folded.weight, bias: folded.bias, activation: .relu)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.channels == deconv.inChannels else {
            throw NeuralEngineError.shapeMismatch(what: "AdditiveUpSample input channels", expected: [deconv.inChannels], got: [x.channels])
        }
        return x.mapFrames { forward($0, skip: nil, arena: $1) }
    }

    func forward(_ x: FeatureMap, skip: UnsafePointer<Float>?, arena: Arena) -> FeatureMap {
        let out = deconv.forward(x, arena: arena)
        let half = out.channels, w = out.width
        for c in 0..<half {
            let a = x.data + c * x.plane, b = x.data + (c + half) * x.plane
            let dst = out.data + c * out.plane
            let s = skip.map { $0 + c * out.plane }
            for oy in 0..<out.height {
                let iy = (oy >> 1) * x.width
                let line = dst + oy * w
                for ox in 0..<w {
                    let v = a[iy + (ox >> 1)] + b[iy + (ox >> 1)]
                    line[ox] += v
                }
                if let s { let sl = s + oy * w; for ox in 0..<w { line[ox] += sl[ox] } }
            }
        }
        return out
    }
}

/// `RegistrationExtractionBlock`: per extract level a 3×3 conv (no bias, no norm, optional
/// activation), nearest resize to the image size, mean over levels.
struct ExtractionBlock: Sendable {
    let levels: [Int]
    let convs: [Conv2d]

    /// Keys `prefix.layers.{i}.conv.weight` for the i-th extract level.
    init(_ prefix: String, levels: [Int], channels: [Int], outChannels: Int, store: ParameterStore) throws {
        self.levels = levels
        convs = try levels.enumerated().map { i, level in
            let w = try store.take("\(prefix).layers.\(i).conv.weight", shape: [outChannels, channels[level], 3, 3])
            return try Conv2d(inChannels: channels[level], outChannels: outChannels, sameKernel: 3, weight: w)
        }
    }

    /// `features[level]` is the decoder output at that level.
    func forward(_ features: [Int: FeatureMap], height: Int, width: Int, arena: Arena) -> FeatureMap {
        let outChannels = convs[0].outChannels
        let out = FeatureMap(channels: outChannels, height: height, width: width, arena: arena)
        out.data.update(repeating: 0, count: out.count)
        for (level, conv) in zip(levels, convs) {
            let mark = arena.mark
            let y = conv.forward(features[level]!, arena: arena)
            Resize.nearest(y, into: out, accumulate: true)
            arena.release(to: mark)
        }
        let n = Float(levels.count)
        for i in 0..<out.count { out.data[i] /= n }
        return out
    }
}
