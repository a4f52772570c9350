import MyoFlowCore

/// Batched `monai.networks.blocks.Warp`: warped(i, j) = image(i + ddf₀(i, j), j + ddf₁(i, j)),
/// border padding, align_corners=True (grid_sample on the index grid) — physics-and-acquisition.md
/// §9 Warp. Same convention as MyoFlowCore's `DisplacementField.warp` (tested to agree).
public struct Warp: Sendable {
    public enum Mode: Sendable { case bilinear, nearest }
    public let mode: Mode

    public init(mode: Mode = .bilinear) { self.mode = mode }

    /// Warps each frame of `image` (N×C×H×W) with the matching frame of `ddf` (N×2×H×W).
    public func callAsFunction(_ image: Tensor, ddf: Tensor) throws -> Tensor {
        guard ddf.batch == image.batch, ddf.channels == 2, ddf.height == image.height, ddf.width == image.width else {
            throw NeuralEngineError.shapeMismatch(what: "Warp DDF (N×2×H×W of the image)", expected: [image.batch, 2, image.height, image.width], got: ddf.shape)
        }
        var out = image
        image.values.withUnsafeBufferPointer { src in
            ddf.values.withUnsafeBufferPointer { d in
                out.values.withUnsafeMutableBufferPointer { dst in
                    for n in 0..<image.batch {
                        warpFrame(src.baseAddress! + n * image.frameCount, channels: image.channels, height: image.height,
                                  width: image.width, ddf: d.baseAddress! + n * ddf.frameCount,
                                  into: dst.baseAddress! + n * image.frameCount)
                    }
                }
            }
        }
        return out
    }

    /// One frame, raw buffers: image and output C×H×W, ddf 2×H×W.
    public func warpFrame(_ image: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
                          ddf: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let plane = height * width
        let maxR = Float(height - 1), maxC = Float(width - 1)
        for i in 0..<height {
            for j in 0..<width {
                let p = i * width + j
                var r = Float(i) + ddf[p], c = Float(j) + ddf[plane + p]
                r = r.isFinite ? min(max(r, 0), maxR) : 0   // border padding
                c = c.isFinite ? min(max(c, 0), maxC) : 0
                switch mode {
                case .nearest:
                    let q = Int(r.rounded(.toNearestOrEven)) * width + Int(c.rounded(.toNearestOrEven))
                    for ch in 0..<channels { out[ch * plane + p] = image[ch * plane + q] }
                case .bilinear:
                    let r0 = Int(r), c0 = Int(c)
                    let r1 = min(r0 + 1, height - 1), c1 = min(c0 + 1, width - 1)
                    let fr = r - Float(r0), fc = c - Float(c0)
                    let w00 = (1 - fr) * (1 - fc), w01 = (1 - fr) * fc, w10 = fr * (1 - fc), w11 = fr * fc
                    for ch in 0..<channels {
                        let s = image + ch * plane
                        out[ch * plane + p] = w00 * s[r0 * width + c0] + w01 * s[r0 * width + c1]
                            + w10 * s[r1 * width + c0] + w11 * s[r1 * width + c1]
                    }
                }
            }
        }
    }

    /// The single DDF equal to warping with `first` and then with `second`:
    /// u = u₂ + Warp(u₁, u₂) (MyoFlowCore `DisplacementField.followed(by:)`).
    public static func compose(_ first: Tensor, then second: Tensor) throws -> Tensor {
        guard first.channels == 2 else {
            throw NeuralEngineError.shapeMismatch(what: "composed DDF", expected: [first.batch, 2, first.height, first.width], got: first.shape)
        }
        return try Warp(mode: .bilinear)(first, ddf: second) + second
    }

    /// A DDF tensor (one frame) from an affine transform: θ·[i, j, 1]ᵀ − [i, j].
    public static func ddf(_ transform: AffineTransform2D, height: Int, width: Int) -> Tensor {
        Tensor(transform.displacementField(rows: height, columns: width))
    }
}

extension Tensor {
    /// A 1×2×H×W tensor holding a displacement field (channel 0 rows, channel 1 columns).
    public init(_ field: DisplacementField) {
        try! self.init(batch: 1, channels: 2, height: field.rows, width: field.columns,
                       values: field.rowDisplacement + field.columnDisplacement)
    }

    /// Frame `n` of an N×2×H×W DDF tensor as a displacement field.
    public func displacementField(frame n: Int) throws -> DisplacementField {
        guard channels == 2, n >= 0, n < batch else {
            throw NeuralEngineError.shapeMismatch(what: "DDF frame \(n)", expected: [batch, 2, height, width], got: shape)
        }
        let plane = height * width, base = n * frameCount
        return try DisplacementField(rows: height, columns: width,
                                     rowDisplacement: Array(values[base..<(base + plane)]),
                                     columnDisplacement: Array(values[(base + plane)..<(base + 2 * plane)]))
    }
}
