/// Bilinear sampling with border padding on a row-major grid (align_corners=True semantics:
/// pixel centres sit at integer indices; positions outside are clamped to the edge).
public enum Bilinear {
    @inlinable
    public static func sample(_ values: [Float], rows: Int, columns: Int, row: Double, column: Double) -> Float {
        values.withUnsafeBufferPointer { sample($0, rows: rows, columns: columns, row: row, column: column) }
    }

    @inlinable
    public static func sample(_ values: UnsafeBufferPointer<Float>, rows: Int, columns: Int, row: Double, column: Double) -> Float {
        let r = min(max(row.isFinite ? row : 0, 0), Double(rows - 1))
        let c = min(max(column.isFinite ? column : 0, 0), Double(columns - 1))
        let r0 = min(Int(r), rows - 1), c0 = min(Int(c), columns - 1)
        let r1 = min(r0 + 1, rows - 1), c1 = min(c0 + 1, columns - 1)
        let fr = Float(r - Double(r0)), fc = Float(c - Double(c0))
        let top = values[r0 * columns + c0] * (1 - fc) + values[r0 * columns + c1] * fc
        let bottom = values[r1 * columns + c0] * (1 - fc) + values[r1 * columns + c1] * fc
        return top * (1 - fr) + bottom * fr
    }
}

extension DisplacementField {
    /// warped(r, c) = moving(r + u_r, c + u_c), bilinear, border padding.
    public func warp(_ moving: Image2D) throws -> Image2D {
        guard moving.rows == rows, moving.columns == columns else {
            throw CoreError.gridMismatch("image is \(moving.rows)×\(moving.columns), field is \(rows)×\(columns)")
        }
        var out = Image2D(rows: rows, columns: columns)
        moving.pixels.withUnsafeBufferPointer { src in
            for r in 0..<rows {
                for c in 0..<columns {
                    let i = r * columns + c
                    out.pixels[i] = Bilinear.sample(src, rows: rows, columns: columns,
                                                    row: Double(r) + Double(rowDisplacement[i]),
                                                    column: Double(c) + Double(columnDisplacement[i]))
                }
            }
        }
        return out
    }

    /// Nearest-neighbour warp for label maps (no new label values are invented).
    public func warp(_ labels: LabelMap) throws -> LabelMap {
        guard labels.rows == rows, labels.columns == columns else {
            throw CoreError.gridMismatch("label map is \(labels.rows)×\(labels.columns), field is \(rows)×\(columns)")
        }
        var out = LabelMap(rows: rows, columns: columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                let pr = min(max((Double(r) + Double(rowDisplacement[i])).rounded(.toNearestOrEven), 0), Double(rows - 1))
                let pc = min(max((Double(c) + Double(columnDisplacement[i])).rounded(.toNearestOrEven), 0), Double(columns - 1))
                out.labels[i] = labels.labels[Int(pr) * columns + Int(pc)]
            }
        }
        return out
    }
}

extension AffineTransform2D {
    /// warped(r, c) = moving(θ·[r, c, 1]ᵀ), bilinear, border padding.
    public func warp(_ moving: Image2D) throws -> Image2D {
        try displacementField(rows: moving.rows, columns: moving.columns).warp(moving)
    }
}
