import Numerics

/// Transposed 2-d convolution (PyTorch `ConvTranspose2d`): weight layout (Cin, Cout, kh, kw),
/// output size (H − 1)·s − 2p + k + output_padding. Runs as SGEMM + col2im:
/// col[Cout·kh·kw, H·W] = Wᵀ · x[Cin, H·W], then each column is scattered into the output.
public struct ConvTranspose2d: Sendable {
    public let inChannels: Int
    public let outChannels: Int
    public let kernel: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: (height: Int, width: Int)
    public let outputPadding: (height: Int, width: Int)
    /// Weights (Cin, Cout, kh, kw) row-major, BatchNorm already folded in.
    public let weight: [Float]
    public let bias: [Float]?
    public let activation: Activation

    public init(inChannels: Int, outChannels: Int, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int) = (0, 0),
                outputPadding: (Int, Int) = (0, 0), weight: [Float], bias: [Float]? = nil, activation: Activation = .identity) throws {
        guard inChannels > 0, outChannels > 0, kernel.0 > 0, kernel.1 > 0, stride.0 > 0, stride.1 > 0,
              padding.0 >= 0, padding.1 >= 0, outputPadding.0 >= 0, outputPadding.1 >= 0 else {
            throw NeuralEngineError.shapeMismatch(what: "ConvTranspose2d geometry", expected: [inChannels, outChannels, kernel.0, kernel.1], got: [stride.0, stride.1, padding.0, padding.1])
        }
        guard weight.count == inChannels * outChannels * kernel.0 * kernel.1 else {
            throw NeuralEngineError.shapeMismatch(what: "ConvTranspose2d weight", expected: [inChannels, outChannels, kernel.0, kernel.1], got: [weight.count])
        }
        if let bias, bias.count != outChannels {
            throw NeuralEngineError.shapeMismatch(what: "ConvTranspose2d bias", expected: [outChannels], got: [bias.count])
        }
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = (kernel.0, kernel.1)
        self.stride = (stride.0, stride.1)
        self.padding = (padding.0, padding.1)
        self.outputPadding = (outputPadding.0, outputPadding.1)
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }

    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        ((height - 1) * stride.height - 2 * padding.height + kernel.height + outputPadding.height,
         (width - 1) * stride.width - 2 * padding.width + kernel.width + outputPadding.width)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.channels == inChannels else {
            throw NeuralEngineError.shapeMismatch(what: "ConvTranspose2d input channels", expected: [inChannels], got: [x.channels])
        }
        return x.mapFrames { forward($0, arena: $1) }
    }

    /// One frame: out = act(convᵀ(x) + bias + residual).
    func forward(_ x: FeatureMap, arena: Arena, residual: UnsafePointer<Float>? = nil) -> FeatureMap {
        let t0 = arena.profiling ? arena.now() : 0
        let (oh, ow) = outputSize(height: x.height, width: x.width)
        let out = FeatureMap(channels: outChannels, height: oh, width: ow, arena: arena)
        out.data.update(repeating: 0, count: out.count)
        let (kh, kw) = kernel, (sh, sw) = stride, (ph, pw) = padding
        let n = x.plane, rows = outChannels * kh * kw
        let mark = arena.mark
        let col = arena.allocate(rows * n)
        weight.withUnsafeBufferPointer { w in
            BLAS.sgemm(transposeA: true, m: rows, n: n, k: inChannels, a: w.baseAddress!, lda: rows,
                       b: x.data, ldb: n, c: col, ldc: n)
        }
        // col2im: out[co, iy·sh − ph + i, ix·sw − pw + j] += col[(co·kh + i)·kw + j, iy·W + ix].
        for co in 0..<outChannels {
            let dst = out.data + co * oh * ow
            for i in 0..<kh {
                for j in 0..<kw {
                    let src = col + ((co * kh + i) * kw + j) * n
                    for iy in 0..<x.height {
                        let oy = iy * sh - ph + i
                        guard oy >= 0, oy < oh else { continue }
                        let line = dst + oy * ow, s = src + iy * x.width
                        for ix in 0..<x.width {
                            let ox = ix * sw - pw + j
                            if ox >= 0, ox < ow { line[ox] += s[ix] }
                        }
                    }
                }
            }
        }
        arena.release(to: mark)
        bias.withOptionalPointer {
            epilogue(out.data, channels: outChannels, count: oh * ow, stride: oh * ow, bias: $0, residual: residual, activation: activation)
        }
        arena.convolutionFlops += 2 * Double(rows) * Double(inChannels) * Double(n)
        if arena.profiling { arena.convolutionSeconds += arena.now() - t0 }
        return out
    }
}
