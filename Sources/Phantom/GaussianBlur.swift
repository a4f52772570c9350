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
        var tmp = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                var s: Float = 0
                for k in -radius...radius { s += kernel[k + radius] * image[r * columns + min(columns - 1, max(0, c + k))] }
                tmp[r * columns + c] = s
            }
        }
        for r in 0..<rows {
            for c in 0..<columns {
                var s: Float = 0
                for k in -radius...radius { s += kernel[k + radius] * tmp[min(rows - 1, max(0, r + k)) * columns + c] }
                image[r * columns + c] = s
            }
        }
    }
}
