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

/// The fused epilogue of a convolution: y ← act(y + bias[c] + residual) over `channels` rows of
/// `count` values, row c starting at c·`stride` (in `y` and `residual`). Hot loop on raw
/// pointers; each branch is a simple loop the compiler vectorises.
@inline(__always)
func epilogue(_ y: UnsafeMutablePointer<Float>, channels: Int, count: Int, stride: Int, bias: UnsafePointer<Float>?,
              residual: UnsafePointer<Float>?, activation: Activation) {
    for c in 0..<channels {
        let row = y + c * stride
        let b = bias?[c] ?? 0
        if let residual {
            let r = residual + c * stride
            for i in 0..<count { row[i] += b + r[i] }
        } else if b != 0 {
            for i in 0..<count { row[i] += b }
        }
        switch activation {
        case .identity: break
        case .relu: for i in 0..<count { row[i] = max(row[i], 0) }
        default: for i in 0..<count { row[i] = activation.apply(row[i]) }
        }
    }
}

/// Raw pointers handed to concurrent workers that touch disjoint ranges (or only read).
struct UnsafeSendable: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}

struct UnsafeSendableConst: @unchecked Sendable {
    let pointer: UnsafePointer<Float>
    init(_ pointer: UnsafePointer<Float>) { self.pointer = pointer }
}

extension Optional where Wrapped == [Float] {
    /// Calls `body` with a pointer to the array's storage, or nil.
    @inline(__always)
    func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case let .some(array): return array.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: return body(nil)
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
