/// A dense 2-D displacement field in MONAI's pull-back convention.
///
/// Displacements are in pixels along rows (component 0) and columns (component 1):
/// warped(r, c) = moving(r + u_r(r, c), c + u_c(r, c)), bilinear, border padding
/// (coordinates clamped to the image), as `monai.networks.blocks.Warp` with align_corners=True.
public struct DisplacementField: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var rowDisplacement: [Float]
    public var columnDisplacement: [Float]

    /// The zero field.
    public init(rows: Int, columns: Int) {
        precondition(rows > 0 && columns > 0, "DisplacementField needs positive dimensions")
        self.rows = rows
        self.columns = columns
        rowDisplacement = [Float](repeating: 0, count: rows * columns)
        columnDisplacement = rowDisplacement
    }

    public init(rows: Int, columns: Int, rowDisplacement: [Float], columnDisplacement: [Float]) throws {
        guard rows > 0, columns > 0, rowDisplacement.count == rows * columns else {
            throw CoreError.shapeMismatch(what: "DisplacementField rows component", expected: [rows, columns], got: rowDisplacement.count)
        }
        guard columnDisplacement.count == rows * columns else {
            throw CoreError.shapeMismatch(what: "DisplacementField columns component", expected: [rows, columns], got: columnDisplacement.count)
        }
        self.rows = rows
        self.columns = columns
        self.rowDisplacement = rowDisplacement
        self.columnDisplacement = columnDisplacement
    }

    /// Root-mean-square displacement magnitude over the pixels of a mask (all pixels when nil).
    public func rmsMagnitude(in mask: Mask? = nil) -> Double {
        var sum = 0.0, n = 0
        for i in 0..<(rows * columns) where mask?.values[i] ?? true {
            let ur = Double(rowDisplacement[i]), uc = Double(columnDisplacement[i])
            sum += ur * ur + uc * uc
            n += 1
        }
        return n > 0 ? (sum / Double(n)).squareRoot() : 0
    }

    /// The single field equal to warping with `self` and then warping the result with `next`:
    /// u(x) = u_next(x) + u_self(x + u_next(x)), u_self sampled bilinearly with border padding.
    public func followed(by next: DisplacementField) -> DisplacementField {
        precondition(rows == next.rows && columns == next.columns, "composing fields on different grids")
        var out = DisplacementField(rows: rows, columns: columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                let pr = Double(r) + Double(next.rowDisplacement[i])
                let pc = Double(c) + Double(next.columnDisplacement[i])
                out.rowDisplacement[i] = next.rowDisplacement[i]
                    + Bilinear.sample(rowDisplacement, rows: rows, columns: columns, row: pr, column: pc)
                out.columnDisplacement[i] = next.columnDisplacement[i]
                    + Bilinear.sample(columnDisplacement, rows: rows, columns: columns, row: pr, column: pc)
            }
        }
        return out
    }
}
