import Foundation

/// A least-squares 2-D polynomial surface of total degree `order` fitted to log(PD) over the
/// foreground (Miller 2015: 3rd-order PD surface fit; [XUE] compute_scc_map_with_poly_fit):
/// smooth and robust when the PD image is noisy, at the price of following the field only to
/// that order. Coordinates are scaled to [−1, 1] for conditioning.
enum PolynomialSurface {
    static func fitLog(_ values: [Double], mask: [Bool], rows: Int, columns: Int, order: Int) -> [Double]? {
        var terms: [(Int, Int)] = []
        for total in 0...order { for i in 0...total { terms.append((total - i, i)) } }
        let p = terms.count
        func coordinates(_ r: Int, _ c: Int) -> (Double, Double) {
            (rows > 1 ? 2 * Double(r) / Double(rows - 1) - 1 : 0, columns > 1 ? 2 * Double(c) / Double(columns - 1) - 1 : 0)
        }
        func basis(_ y: Double, _ x: Double) -> [Double] { terms.map { pow(y, Double($0.0)) * pow(x, Double($0.1)) } }
        var ata = [Double](repeating: 0, count: p * p), atb = [Double](repeating: 0, count: p)
        var used = 0
        for r in 0..<rows {
            for c in 0..<columns where mask[r * columns + c] && values[r * columns + c] > 0 {
                let (y, x) = coordinates(r, c)
                let b = basis(y, x), v = log(values[r * columns + c])
                for i in 0..<p {
                    atb[i] += b[i] * v
                    for j in 0..<p { ata[i * p + j] += b[i] * b[j] }
                }
                used += 1
            }
        }
        guard used >= 2 * p, let coefficients = solve(ata, atb, p) else { return nil }
        var out = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let (y, x) = coordinates(r, c)
                out[r * columns + c] = exp(zip(basis(y, x), coefficients).reduce(0) { $0 + $1.0 * $1.1 })
            }
        }
        return out
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        var m = a, v = b
        for k in 0..<n {
            let pivot = (k..<n).max { abs(m[$0 * n + k]) < abs(m[$1 * n + k]) }!
            guard abs(m[pivot * n + k]) > 1e-14 else { return nil }
            if pivot != k {
                for j in 0..<n { m.swapAt(k * n + j, pivot * n + j) }
                v.swapAt(k, pivot)
            }
            for i in (k + 1)..<n {
                let f = m[i * n + k] / m[k * n + k]
                for j in k..<n { m[i * n + j] -= f * m[k * n + j] }
                v[i] -= f * v[k]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = v[i]
            for j in (i + 1)..<n { s -= m[i * n + j] * x[j] }
            x[i] = s / m[i * n + i]
        }
        return x
    }
}
