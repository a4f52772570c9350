import Foundation
import MyoFlowCore

/// Separable Gaussian smoothing with border replication.
public enum GaussianSmoothing {
    /// Normalised 1-D kernel exp(−x²/2σ²) truncated at ⌈3σ⌉; [1] when σ ≤ 0.
    public static func kernel(sigma: Double) -> [Float] {
        guard sigma > 0, sigma.isFinite else { return [1] }
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        var k = [Float]()
        for x in -radius...radius {
            let d = Double(x * x)
            k.append(Float(exp(-d / (2 * sigma * sigma))))
        }
        let sum = k.reduce(0, +)
        for i in k.indices { k[i] /= sum }
        return k
    }

    /// The image smoothed by a Gaussian of standard deviation `sigma` pixels (no-op for σ ≤ 0).
    public static func smooth(_ image: Image2D, sigma: Double) -> Image2D {
        var out = image
        out.pixels = smooth(image.pixels, rows: image.rows, columns: image.columns, sigma: sigma)
        return out
    }

    /// Row-major buffer version of `smooth(_:sigma:)`.
    public static func smooth(_ values: [Float], rows: Int, columns: Int, sigma: Double) -> [Float] {
        let k = kernel(sigma: sigma)
        guard k.count > 1 else { return values }
        let radius = k.count / 2
        var tmp = [Float](repeating: 0, count: rows * columns)
        var out = tmp
        // Hot loop: unsafe buffers avoid bounds checks; indices are clamped explicitly.
        values.withUnsafeBufferPointer { src in
            k.withUnsafeBufferPointer { kp in
                tmp.withUnsafeMutableBufferPointer { t in
                    for r in 0..<rows {
                        let base = r * columns
                        for c in 0..<columns {
                            var s: Float = 0
                            if c >= radius && c + radius < columns {
                                for j in 0..<kp.count { s += kp[j] * src[base + c - radius + j] }
                            } else {
                                for j in 0..<kp.count {
                                    let cc = min(max(c - radius + j, 0), columns - 1)
                                    s += kp[j] * src[base + cc]
                                }
                            }
                            t[base + c] = s
                        }
                    }
                }
                tmp.withUnsafeBufferPointer { t in
                    out.withUnsafeMutableBufferPointer { o in
                        for r in 0..<rows {
                            for c in 0..<columns { o[r * columns + c] = 0 }
                            for j in 0..<kp.count {
                                let rr = min(max(r - radius + j, 0), rows - 1)
                                let w = kp[j]
                                let srcRow = rr * columns, dstRow = r * columns
                                for c in 0..<columns { o[dstRow + c] += w * t[srcRow + c] }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
