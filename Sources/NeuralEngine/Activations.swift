import Foundation

/// Point-wise activations fused into layer epilogues.
public enum Activation: Sendable, Equatable {
    case identity
    case relu
    /// max(x, slope·x) (PyTorch LeakyReLU, default slope 0.01).
    case leakyReLU(slope: Float)
    /// 1 / (1 + e^(−x)).
    case sigmoid

    @inline(__always)
    func apply(_ x: Float) -> Float {
        switch self {
        case .identity: return x
        case .relu: return max(x, 0)
        case let .leakyReLU(slope): return x >= 0 ? x : slope * x
        case .sigmoid: return 1 / (1 + exp(-x))
        }
    }
}

/// The fused epilogue of a convolution: y ← act(y + bias[c] + residual) over a C×plane map.
/// Hot loop on raw pointers; each branch is a simple loop the compiler vectorises.
@inline(__always)
func epilogue(_ y: UnsafeMutablePointer<Float>, channels: Int, plane: Int, bias: UnsafePointer<Float>?,
              residual: UnsafePointer<Float>?, activation: Activation) {
    for c in 0..<channels {
        let row = y + c * plane
        let b = bias?[c] ?? 0
        if let residual {
            let r = residual + c * plane
            for i in 0..<plane { row[i] += b + r[i] }
        } else if b != 0 {
            for i in 0..<plane { row[i] += b }
        }
        switch activation {
        case .identity: break
        case .relu: for i in 0..<plane { row[i] = max(row[i], 0) }
        default: for i in 0..<plane { row[i] = activation.apply(row[i]) }
        }
    }
}

extension Tensor {
    /// Applies an activation element-wise.
    public func applying(_ activation: Activation) -> Tensor {
        var out = self
        for i in out.values.indices { out.values[i] = activation.apply(out.values[i]) }
        return out
    }

    /// Softmax over the channel axis at every pixel (max-subtracted for stability).
    public func softmaxOverChannels() -> Tensor {
        var out = self
        let plane = height * width
        for n in 0..<batch {
            for p in 0..<plane {
                let base = n * frameCount + p
                var m = -Float.infinity
                for c in 0..<channels { m = max(m, values[base + c * plane]) }
                var sum: Float = 0
                for c in 0..<channels {
                    let e = exp(values[base + c * plane] - m)
                    out.values[base + c * plane] = e
                    sum += e
                }
                for c in 0..<channels { out.values[base + c * plane] /= sum }
            }
        }
        return out
    }
}
