import Numerics

/// Fully connected layer y = x·Wᵀ + b (PyTorch `Linear`, weight [out, in]).
public struct Linear: Sendable {
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: [Float]
    public let bias: [Float]?

    public init(inFeatures: Int, outFeatures: Int, weight: [Float], bias: [Float]?) throws {
        guard inFeatures > 0, outFeatures > 0, weight.count == inFeatures * outFeatures else {
            throw NeuralEngineError.shapeMismatch(what: "Linear weight", expected: [outFeatures, inFeatures], got: [weight.count])
        }
        if let bias, bias.count != outFeatures {
            throw NeuralEngineError.shapeMismatch(what: "Linear bias", expected: [outFeatures], got: [bias.count])
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.weight = weight
        self.bias = bias
    }

    /// Applies the layer to each frame flattened in C·H·W order; output N×out×1×1.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.frameCount == inFeatures else {
            throw NeuralEngineError.shapeMismatch(what: "Linear input features", expected: [inFeatures], got: [x.frameCount])
        }
        var out = [Float](repeating: 0, count: x.batch * outFeatures)
        x.values.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { ys in
                for n in 0..<x.batch { forward(xs.baseAddress! + n * inFeatures, into: ys.baseAddress! + n * outFeatures) }
            }
        }
        return try Tensor(batch: x.batch, channels: outFeatures, height: 1, width: 1, values: out)
    }

    /// One frame: `inFeatures` values in, `outFeatures` values out.
    func forward(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        weight.withUnsafeBufferPointer { w in
            BLAS.sgemm(transposeB: true, m: 1, n: outFeatures, k: inFeatures, a: x, lda: inFeatures,
                       b: w.baseAddress!, ldb: inFeatures, c: y, ldc: outFeatures)
        }
        if let bias { for i in 0..<outFeatures { y[i] += bias[i] } }
    }
}
