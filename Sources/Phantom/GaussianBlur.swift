import Foundation

/// Separable Gaussian blur with edge clamping, in place on one frame (the phantom's PSF).
public enum GaussianBlur {
    /// Normalised taps for σ (pixels), radius ⌈3σ⌉; [1] when σ ≤ 0.
    public static func kernel(sigma: Double) -> [Float] {
        guard sigma > 0 else { return [1] }
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        let taps = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let sum = taps.reduce(0, +)
        return taps.map { Float($0 / sum) }
    }

    public static func apply(_ image: UnsafeMutableBufferPointer<Float>, rows: Int, columns: Int, kernel: [Float]) {
        let radius = kernel.count / 2
        guard radius > 0 else { return }
        let tmp = UnsafeMutableBufferPointer<Float>.allocate(capacity: rows * columns)
        defer { tmp.deallocate() }
        kernel.withUnsafeBufferPointer { k in
            // Hot loop (every frame of every series): unsafe buffers, clamping only near the edges.
            for r in 0..<rows {
                let row = r * columns
                for c in 0..<columns {
                    var s: Float = 0
                    if c >= radius && c < columns - radius {
                        for j in 0..<k.count { s += k[j] * image[row + c + j - radius] }
                    } else {
                        for j in 0..<k.count { s += k[j] * image[row + min(columns - 1, max(0, c + j - radius))] }
                    }
                    tmp[row + c] = s
                }
            }
            for r in 0..<rows {
                let interior = r >= radius && r < rows - radius
                for c in 0..<columns {
                    var s: Float = 0
                    if interior {
                        for j in 0..<k.count { s += k[j] * tmp[(r + j - radius) * columns + c] }
                    } else {
                        for j in 0..<k.count { s += k[j] * tmp[min(rows - 1, max(0, r + j - radius)) * columns + c] }
                    }
                    image[r * columns + c] = s
                }
            }
        }
    }
}
