import Foundation
import MyoFlowCore
import NeuralEngine

/// One trained registration network of the deep method (GlobalNet for the affine stages, LocalNet
/// for the non-rigid stage) with the grid it was trained on, run through one `InferenceSession`
/// (frames across the workers, OpenBLAS single-threaded per worker).
///
/// Input space (tools/train/pack_registration.py, export_registration.py): channels (moving,
/// fixed), each resampled onto the `gridSize`² grid of `gridPixelMm` pixels (`RegistrationGrid`)
/// and then normalised per channel plane by the model's `input_normalisation` (minmax_histeq).
/// Output: a DDF [2, n, n] in grid pixels, channel 0 along rows.
public struct RegistrationNetwork: Sendable {
    /// The model file (or a description), for messages.
    public let name: String
    public let network: NeuralNetwork
    /// Grid pixel size q the network was trained on, mm (provenance `grid_pixel_mm`).
    public let gridPixelMm: Double
    /// Grid side n (provenance `grid_size`).
    public let gridSize: Int
    /// The parameters' SHA-256 (nil when not built from a file).
    public let sha256: String?
    public let session: InferenceSession

    /// Wraps a built network; throws `modelInvalid` when it cannot run on a `gridSize`² grid of
    /// (moving, fixed) pairs or does not output a 2-channel DDF of that size.
    public init(network: NeuralNetwork, gridPixelMm: Double, gridSize: Int, name: String, sha256: String? = nil,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        func invalid(_ problem: String) -> MotionCorrectionError { .modelInvalid(file: name, problem: problem) }
        guard gridPixelMm.isFinite, gridPixelMm > 0, gridSize >= 8 else {
            throw invalid("grid_pixel_mm \(gridPixelMm) / grid_size \(gridSize) are not a usable grid")
        }
        let config = network.config
        guard config.inChannels == 2 else { throw invalid("in_channels is \(config.inChannels); a registration network takes (moving, fixed)") }
        switch config.architecture {
        case .globalNet:
            guard config.imageSize == [gridSize, gridSize] else {
                throw invalid("GlobalNet image_size \(config.imageSize ?? []) differs from grid_size \(gridSize)")
            }
        case .localNet:
            let m = 1 << config.resolvedDepth
            guard gridSize % m == 0, config.outChannels == 2 else {
                throw invalid("LocalNet needs grid_size divisible by \(m) and 2 output channels (grid_size \(gridSize), out_channels \(config.outChannels ?? 0))")
            }
        case .basicUNet:
            throw invalid("a BasicUNet is not a registration network (GlobalNet or LocalNet)")
        }
        self.name = name
        self.network = network
        self.gridPixelMm = gridPixelMm
        self.gridSize = gridSize
        self.sha256 = sha256
        session = InferenceSession(network: network, workers: workers)
    }

    /// Loads a model file (SHA-256 checked) and reads `grid_pixel_mm` and `grid_size` from its
    /// provenance; every problem is `modelInvalid` naming the file.
    public static func load(path: String, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> RegistrationNetwork {
        let weights: ModelWeights
        let network: NeuralNetwork
        do {
            weights = try ModelWeights.load(path: path)
            network = try NeuralNetwork(weights: weights)
        } catch {
            throw MotionCorrectionError.modelInvalid(file: path, problem: "\(error)")
        }
        let provenance = (try? JSONSerialization.jsonObject(with: Data(weights.provenanceJSON.utf8))) as? [String: Any]
        guard let provenance else {
            throw MotionCorrectionError.modelInvalid(file: path, problem: "the provenance attribute is not a JSON object")
        }
        guard let pixelMm = (provenance["grid_pixel_mm"] as? NSNumber)?.doubleValue,
              let size = (provenance["grid_size"] as? NSNumber)?.intValue else {
            throw MotionCorrectionError.modelInvalid(file: path, problem: "its provenance lacks grid_pixel_mm and grid_size (the registration grid it was trained on); re-export it with tools/train/export_registration.py")
        }
        return try RegistrationNetwork(network: network, gridPixelMm: pixelMm, gridSize: size, name: path, sha256: weights.sha256, workers: workers)
    }

    /// The network's grid centred on `centre` (window pixels) of a window with `spacing`, at the
    /// pixel size it was trained on or at `pixelMm` (same size in pixels, so a smaller field of view).
    public func grid(centre: PixelPosition, spacing: PixelSpacing, pixelMm: Double? = nil) -> RegistrationGrid {
        RegistrationGrid(size: gridSize, pixelMm: pixelMm ?? gridPixelMm, centre: centre, spacing: spacing)
    }

    /// The network input for `pairs`: N×2×n×n, channel 0 the moving frame seen through the pair's
    /// `initial`, channel 1 the fixed frame, each resampled onto `grid` and then normalised.
    /// `swapped` exchanges the channels (the fixed frame registered to the moving one).
    public func inputs(_ pairs: [AffinePair], grid: RegistrationGrid, swapped: Bool = false) throws -> Tensor {
        let n = grid.size, plane = n * n
        let normalisation = network.inputNormalisation
        let frames = try parallelMap(pairs.count) { k -> [Float] in
            var x = Tensor(batch: 1, channels: 2, height: n, width: n)
            x.values.withUnsafeMutableBufferPointer { v in
                let (moving, fixed) = swapped ? (v.baseAddress! + plane, v.baseAddress!) : (v.baseAddress!, v.baseAddress! + plane)
                grid.resample(pairs[k].moving, through: pairs[k].initial, into: moving)
                grid.resample(pairs[k].fixed, into: fixed)
            }
            return normalisation.apply(x).values
        }
        return try Tensor(batch: pairs.count, channels: 2, height: n, width: n, values: Array(frames.joined()))
    }

    /// The predicted grid DDFs of `pairs` (one batched session run), one field per pair;
    /// `swapped`: of the fixed frames registered to the moving ones (see `inputs`).
    public func predict(_ pairs: [AffinePair], grid: RegistrationGrid, swapped: Bool = false) throws -> [DisplacementField] {
        guard !pairs.isEmpty else { return [] }
        let ddf = try session.run(inputs(pairs, grid: grid, swapped: swapped))
        let n = grid.size, plane = n * n
        guard ddf.channels == 2, ddf.height == n, ddf.width == n else {
            throw MotionCorrectionError.modelInvalid(file: name, problem: "output is \(ddf.channels)×\(ddf.height)×\(ddf.width), expected a 2×\(n)×\(n) DDF")
        }
        return try (0..<pairs.count).map { k in
            let base = 2 * k * plane
            return try DisplacementField(rows: n, columns: n, rowDisplacement: Array(ddf.values[base..<(base + plane)]),
                                         columnDisplacement: Array(ddf.values[(base + plane)..<(base + 2 * plane)]))
        }
    }
}
