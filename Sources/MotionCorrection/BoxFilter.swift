/// Separable box sums (running sums), the kernel of local normalised cross-correlation.
public enum BoxFilter {
    /// Σ of `values` over the (2·radius+1)² window centred on each pixel; pixels outside the
    /// image contribute nothing (zero padding). O(rows·columns) regardless of the radius.
    public static func sum(_ values: [Float], rows: Int, columns: Int, radius: Int) -> [Float] {
        precondition(values.count == rows * columns && radius >= 0)
        var tmp = [Float](repeating: 0, count: rows * columns)
        var out = tmp
        values.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { t in
                // Along columns: prefix sums per row, in Double to avoid drift on long rows.
                var prefix = [Double](repeating: 0, count: columns + 1)
                for r in 0..<rows {
                    let base = r * columns
                    for c in 0..<columns { prefix[c + 1] = prefix[c] + Double(src[base + c]) }
                    for c in 0..<columns {
                        let lo = max(c - radius, 0), hi = min(c + radius, columns - 1)
                        t[base + c] = Float(prefix[hi + 1] - prefix[lo])
                    }
                }
            }
            tmp.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { o in
                    var prefix = [Double](repeating: 0, count: (rows + 1) * columns)
                    for r in 0..<rows {
                        for c in 0..<columns { prefix[(r + 1) * columns + c] = prefix[r * columns + c] + Double(t[r * columns + c]) }
                    }
                    for r in 0..<rows {
                        let lo = max(r - radius, 0), hi = min(r + radius, rows - 1)
                        for c in 0..<columns { o[r * columns + c] = Float(prefix[(hi + 1) * columns + c] - prefix[lo * columns + c]) }
                    }
                }
            }
        }
        return out
    }
}
