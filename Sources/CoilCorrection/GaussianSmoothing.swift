import Foundation

/// Separable Gaussian smoothing by normalised convolution: LP(x) = G∗(x·w) / G∗w for a weight
/// mask w, so the background (w = 0) neither dilutes the foreground near its edge nor leaks in.
enum GaussianSmoothing {
    /// - Parameters: sigma per axis in pixels; `weights` 0/1 (or fractional) per pixel.
    /// - Returns: the smoothed image and the smoothed weight (G∗w) per pixel.
    static func normalised(_ values: [Double], weights: [Double], rows: Int, columns: Int,
                           sigmaRows: Double, sigmaColumns: Double) -> (values: [Double], weight: [Double]) {
        let weighted = zip(values, weights).map { $0 * $1 }
        let num = convolve(weighted, rows: rows, columns: columns, sigmaRows: sigmaRows, sigmaColumns: sigmaColumns)
        let den = convolve(weights, rows: rows, columns: columns, sigmaRows: sigmaRows, sigmaColumns: sigmaColumns)
        return (zip(num, den).map { $1 > 1e-12 ? $0 / $1 : 0 }, den)
    }

    static func kernel(_ sigma: Double) -> [Double] {
        guard sigma > 0 else { return [1] }
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        let k = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let s = k.reduce(0, +)
        return k.map { $0 / s }
    }

    /// Zero-padded separable convolution (rows then columns).
    static func convolve(_ x: [Double], rows: Int, columns: Int, sigmaRows: Double, sigmaColumns: Double) -> [Double] {
        let kc = kernel(sigmaColumns), kr = kernel(sigmaRows)
        let rc = kc.count / 2, rr = kr.count / 2
        var tmp = [Double](repeating: 0, count: x.count)
        for r in 0..<rows {
            for c in 0..<columns {
                var s = 0.0
                for j in max(0, c - rc)...min(columns - 1, c + rc) { s += kc[j - c + rc] * x[r * columns + j] }
                tmp[r * columns + c] = s
            }
        }
        var out = [Double](repeating: 0, count: x.count)
        for r in 0..<rows {
            for c in 0..<columns {
                var s = 0.0
                for i in max(0, r - rr)...min(rows - 1, r + rr) { s += kr[i - r + rr] * tmp[i * columns + c] }
                out[r * columns + c] = s
            }
        }
        return out
    }
}
