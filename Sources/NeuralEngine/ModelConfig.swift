import Foundation

/// The architecture and hyper-parameters of a stored model: the `config` attribute of a model
/// file, JSON with MONAI's constructor argument names (snake_case), plus `architecture`.
public struct ModelConfig: Codable, Sendable, Equatable {
    public enum Architecture: String, Codable, Sendable {
        case globalNet = "GlobalNet"
        case localNet = "LocalNet"
        case basicUNet = "BasicUNet"
    }

    public var architecture: Architecture
    /// Only 2 is supported.
    public var spatialDims: Int
    public var inChannels: Int
    /// GlobalNet/LocalNet: C₀; level d has C₀·2^d channels.
    public var numChannelInitial: Int?
    /// GlobalNet: number of down-samplings (the bottom is level `depth`).
    public var depth: Int?
    /// GlobalNet: the input (and DDF) size [rows, columns]; must be divisible by 2^depth.
    public var imageSize: [Int]?
    /// LocalNet: levels whose features form the output (max = depth).
    public var extractLevels: [Int]?
    /// LocalNet: output channels (2 for a 2-d DDF).
    public var outChannels: Int?
    /// Max-pool down-sampling (true, MONAI default) or a strided conv block.
    public var pooling: Bool?
    /// Concatenate skips in the decoder (not supported: MONAI default false adds them).
    public var concatSkip: Bool?
    /// BasicUNet: the six feature counts (MONAI `features`).
    public var features: [Int]?
    /// BasicUNet: "batch" (default), "instance" (affine) or "none".
    public var norm: String?
    /// BasicUNet: "leakyrelu" (default, `negative_slope` 0.1) or "relu".
    public var act: String?
    public var negativeSlope: Double?
    /// BasicUNet: conv biases (default true).
    public var bias: Bool?
    /// BasicUNet: up-sampling mode; only "deconv" (MONAI default) is supported.
    public var upsample: String?

    enum CodingKeys: String, CodingKey {
        case architecture, depth, pooling
        case spatialDims = "spatial_dims", inChannels = "in_channels", numChannelInitial = "num_channel_initial"
        case imageSize = "image_size", extractLevels = "extract_levels", outChannels = "out_channels"
        case concatSkip = "concat_skip"
        case features, norm, act, bias, upsample
        case negativeSlope = "negative_slope"
    }

    public init(architecture: Architecture, spatialDims: Int = 2, inChannels: Int, numChannelInitial: Int? = nil,
                depth: Int? = nil, imageSize: [Int]? = nil, extractLevels: [Int]? = nil, outChannels: Int? = nil,
                pooling: Bool? = nil, concatSkip: Bool? = nil, features: [Int]? = nil, norm: String? = nil,
                act: String? = nil, negativeSlope: Double? = nil, bias: Bool? = nil, upsample: String? = nil) {
        self.architecture = architecture
        self.spatialDims = spatialDims
        self.inChannels = inChannels
        self.numChannelInitial = numChannelInitial
        self.depth = depth
        self.imageSize = imageSize
        self.extractLevels = extractLevels
        self.outChannels = outChannels
        self.pooling = pooling
        self.concatSkip = concatSkip
        self.features = features
        self.norm = norm
        self.act = act
        self.negativeSlope = negativeSlope
        self.bias = bias
        self.upsample = upsample
    }

    /// GlobalNet with MONAI defaults (max pooling).
    public static func globalNet(imageSize: [Int], depth: Int, inChannels: Int = 2, numChannelInitial: Int = 16) -> ModelConfig {
        ModelConfig(architecture: .globalNet, inChannels: inChannels, numChannelInitial: numChannelInitial, depth: depth, imageSize: imageSize)
    }

    /// BasicUNet (MONAI defaults: LeakyReLU 0.1, conv biases, deconv up-sampling) with BatchNorm.
    public static func basicUNet(features: [Int] = [32, 32, 64, 128, 256, 32], inChannels: Int = 1, outChannels: Int,
                                 norm: String = "batch") -> ModelConfig {
        ModelConfig(architecture: .basicUNet, inChannels: inChannels, outChannels: outChannels, features: features, norm: norm)
    }

    /// LocalNet with MONAI defaults (2-d DDF output, additive up-sampling).
    public static func localNet(extractLevels: [Int], inChannels: Int = 2, numChannelInitial: Int = 16, outChannels: Int = 2) -> ModelConfig {
        ModelConfig(architecture: .localNet, inChannels: inChannels, numChannelInitial: numChannelInitial,
                    extractLevels: extractLevels, outChannels: outChannels)
    }

    /// Parses the JSON `config` attribute.
    public static func decode(json: String, file: String) throws -> ModelConfig {
        do {
            return try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
        } catch {
            throw NeuralEngineError.badModelFile(file: file, problem: "config attribute is not a valid model config (\(error))")
        }
    }

    /// Canonical JSON (sorted keys).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The level count below the input (GlobalNet `depth`, LocalNet max(extract_levels)).
    public var resolvedDepth: Int {
        switch architecture {
        case .globalNet: return depth ?? 0
        case .localNet: return extractLevels?.max() ?? 0
        case .basicUNet: return 4
        }
    }

    /// Throws a clear error for configs the engine cannot run.
    public func validate(file: String) throws {
        func fail(_ p: String) -> NeuralEngineError { .unsupportedConfig(file: file, problem: p) }
        guard spatialDims == 2 else { throw fail("spatial_dims \(spatialDims); only 2-d networks are supported") }
        guard inChannels > 0 else { throw fail("in_channels must be positive") }
        if architecture != .basicUNet, (numChannelInitial ?? 0) <= 0 {
            throw fail("\(architecture.rawValue) needs num_channel_initial > 0")
        }
        guard concatSkip != true else { throw fail("concat_skip=true is not supported (MONAI default false adds skips)") }
        switch architecture {
        case .globalNet:
            guard let depth, depth >= 0, depth <= 10 else { throw fail("GlobalNet needs depth in 0…10") }
            guard let imageSize, imageSize.count == 2, imageSize.allSatisfy({ $0 > 0 && $0 % (1 << depth) == 0 }) else {
                throw fail("GlobalNet needs image_size [rows, columns], each divisible by 2^depth = \(1 << (depth))")
            }
        case .localNet:
            guard let levels = extractLevels, !levels.isEmpty, levels.allSatisfy({ $0 >= 0 && $0 <= 10 }),
                  Set(levels).count == levels.count else {
                throw fail("LocalNet needs distinct extract_levels in 0…10")
            }
            guard (outChannels ?? 0) > 0 else { throw fail("LocalNet needs out_channels > 0") }
        case .basicUNet:
            guard let features, features.count == 6, features.allSatisfy({ $0 > 0 }) else { throw fail("BasicUNet needs 6 positive features") }
            guard (outChannels ?? 0) > 0 else { throw fail("BasicUNet needs out_channels > 0") }
            guard ["batch", "instance", "none"].contains(norm ?? "batch") else { throw fail("BasicUNet norm '\(norm ?? "")' (use batch, instance or none)") }
            guard ["leakyrelu", "relu"].contains(act ?? "leakyrelu") else { throw fail("BasicUNet act '\(act ?? "")' (use leakyrelu or relu)") }
            guard (upsample ?? "deconv") == "deconv" else { throw fail("BasicUNet upsample '\(upsample ?? "")' (only deconv)") }
            for k in 1...3 where features[k + 1] % 2 != 0 {
                throw fail("BasicUNet features[\(k + 1)] must be even (halved by up-sampling)")
            }
        }
    }
}
