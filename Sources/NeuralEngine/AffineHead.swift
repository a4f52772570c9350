import MyoFlowCore

/// MONAI GlobalNet's `AffineHead`: θ = Linear(flatten(x)) as a 2×3 row-major matrix, and the
/// dense displacement DDF = θ·[i, j, 1]ᵀ − [i, j] on the pixel-index grid (i = row, channel 0 is
/// the row axis) — physics-and-acquisition.md §9, AffineHead.
public struct AffineHead: Sendable {
    public let linear: Linear
    public let imageHeight: Int
    public let imageWidth: Int

    public init(linear: Linear, imageHeight: Int, imageWidth: Int) throws {
        guard linear.outFeatures == 6 else {
            throw NeuralEngineError.shapeMismatch(what: "AffineHead linear output (2-d θ)", expected: [6], got: [linear.outFeatures])
        }
        guard imageHeight > 0, imageWidth > 0 else {
            throw NeuralEngineError.shapeMismatch(what: "AffineHead image size", expected: [1, 1], got: [imageHeight, imageWidth])
        }
        self.linear = linear
        self.imageHeight = imageHeight
        self.imageWidth = imageWidth
    }

    /// θ for each frame (N×6×1×1).
    public func theta(_ x: Tensor) throws -> Tensor { try linear(x) }

    /// The DDF for each frame, N×2×H×W.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let theta = try linear(x)
        var out = Tensor(batch: x.batch, channels: 2, height: imageHeight, width: imageWidth)
        out.values.withUnsafeMutableBufferPointer { o in
            theta.values.withUnsafeBufferPointer { t in
                for n in 0..<x.batch {
                    Self.displacement(theta: t.baseAddress! + 6 * n, height: imageHeight, width: imageWidth,
                                      into: o.baseAddress! + n * 2 * imageHeight * imageWidth)
                }
            }
        }
        return out
    }

    /// One frame: θ (6 values) → DDF [2, H, W].
    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
        let theta = arena.allocate(6)
        linear.forward(x.data, into: theta)
        let out = FeatureMap(channels: 2, height: imageHeight, width: imageWidth, arena: arena)
        Self.displacement(theta: theta, height: imageHeight, width: imageWidth, into: out.data)
        return out
    }

    /// DDF[0, i, j] = θ00·i + θ01·j + θ02 − i, DDF[1, i, j] = θ10·i + θ11·j + θ12 − j (Float32 as MONAI).
    static func displacement(theta t: UnsafePointer<Float>, height: Int, width: Int, into d: UnsafeMutablePointer<Float>) {
        let plane = height * width
        for i in 0..<height {
            let fi = Float(i)
            for j in 0..<width {
                let fj = Float(j)
                d[i * width + j] = (t[0] * fi + t[1] * fj + t[2]) - fi
                d[plane + i * width + j] = (t[3] * fi + t[4] * fj + t[5]) - fj
            }
        }
    }

    /// θ of one frame as MyoFlowCore's affine transform (same index-grid convention).
    public static func transform(theta: [Float]) -> AffineTransform2D {
        AffineTransform2D(theta: theta.prefix(6).map(Double.init))
    }
}
