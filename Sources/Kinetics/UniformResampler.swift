/// Resamples curves from irregular acquisition times onto a uniform grid with a natural cubic
/// spline (physics-and-acquisition.md §10 item 1: [XUE] uses cubic interpolation to Δt = 0.5 s;
/// the spline is fourth-order accurate for smooth curves such as the gamma-variate first pass,
/// where a local Catmull–Rom cubic lost ~1% of the AIF peak at one frame per beat).
///
/// The spline is linear in the samples, so the map is precomputed once per time array as a dense
/// grid × samples weight matrix and applied to many curves (one per pixel) cheaply. Grid points
/// before the first or after the last sample take the end value.
public struct UniformResampler: Sendable {
    /// Grid start, s.
    public let startS: Double
    /// Grid spacing, s.
    public let stepS: Double
    /// Number of grid points.
    public let count: Int
    /// Number of source samples the map expects.
    public let sourceCount: Int
    /// Row-major count × sourceCount weights.
    let weights: [Double]
    /// Per grid point, the range of source columns with non-negligible weight.
    let columnStart: [Int]
    let columnEnd: [Int]

    /// - Parameter sourceTimesSeconds: strictly increasing, at least 2 samples.
    public init(sourceTimesSeconds t: [Double], startS: Double, stepS: Double, count: Int) {
        precondition(t.count >= 2 && stepS > 0 && count > 0, "UniformResampler needs ≥ 2 source times, a positive step and count")
        self.startS = startS
        self.stepS = stepS
        self.count = count
        let m = t.count
        sourceCount = m
        var w = [Double](repeating: 0, count: count * m)
        // The spline of the k-th unit vector, evaluated on the grid, is column k of the map.
        var unit = [Double](repeating: 0, count: m)
        for k in 0..<m {
            unit[k] = 1
            let second = Self.naturalSplineSecondDerivatives(t, unit)
            for i in 0..<count {
                w[i * m + k] = Self.evaluate(t, unit, second, at: startS + Double(i) * stepS)
            }
            unit[k] = 0
        }
        var starts = [Int](repeating: 0, count: count), ends = [Int](repeating: m, count: count)
        for i in 0..<count {
            let row = w[(i * m)..<(i * m + m)]
            let big = row.indices.filter { abs(row[$0]) > 1e-12 }
            starts[i] = (big.first ?? i * m) - i * m
            ends[i] = (big.last.map { $0 + 1 } ?? i * m) - i * m
        }
        weights = w
        columnStart = starts
        columnEnd = ends
    }

    /// Resamples one curve (`sourceCount` values) into `output` (`count` values).
    public func resample<C: RandomAccessCollection>(_ values: C, into output: UnsafeMutableBufferPointer<Double>)
    where C.Element == Double, C.Index == Int {
        precondition(values.count == sourceCount && output.count >= count, "resample: wrong curve length")
        let base = values.startIndex, m = sourceCount
        weights.withUnsafeBufferPointer { w in
            for i in 0..<count {
                var s = 0.0
                for k in columnStart[i]..<columnEnd[i] { s += w[i * m + k] * values[base + k] }
                output[i] = s
            }
        }
    }

    /// Resamples one curve into a new array.
    public func resample(_ values: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { resample(values, into: $0) }
        return out
    }

    /// The grid times, s.
    public var gridTimesSeconds: [Double] { (0..<count).map { startS + Double($0) * stepS } }

    /// Second derivatives of the natural cubic spline through (t, y) (tridiagonal solve).
    static func naturalSplineSecondDerivatives(_ t: [Double], _ y: [Double]) -> [Double] {
        let m = t.count
        var second = [Double](repeating: 0, count: m)
        guard m > 2 else { return second }
        var diag = [Double](repeating: 0, count: m), rhs = [Double](repeating: 0, count: m), upper = [Double](repeating: 0, count: m)
        for i in 1..<(m - 1) {
            let h0 = t[i] - t[i - 1], h1 = t[i + 1] - t[i]
            diag[i] = 2 * (h0 + h1)
            upper[i] = h1
            rhs[i] = 6 * ((y[i + 1] - y[i]) / h1 - (y[i] - y[i - 1]) / h0)
            if i > 1 {  // eliminate the sub-diagonal h0 with the previous row
                let f = h0 / diag[i - 1]
                diag[i] -= f * upper[i - 1]
                rhs[i] -= f * rhs[i - 1]
            }
        }
        for i in stride(from: m - 2, through: 1, by: -1) {
            second[i] = (rhs[i] - (i + 1 < m - 1 ? upper[i] * second[i + 1] : 0)) / diag[i]
        }
        return second
    }

    static func evaluate(_ t: [Double], _ y: [Double], _ second: [Double], at x: Double) -> Double {
        let m = t.count
        if x <= t[0] { return y[0] }
        if x >= t[m - 1] { return y[m - 1] }
        var lo = 0, hi = m - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if t[mid] <= x { lo = mid } else { hi = mid }
        }
        let h = t[hi] - t[lo], a = (t[hi] - x) / h, b = (x - t[lo]) / h
        return a * y[lo] + b * y[hi] + ((a * a * a - a) * second[lo] + (b * b * b - b) * second[hi]) * h * h / 6
    }
}
