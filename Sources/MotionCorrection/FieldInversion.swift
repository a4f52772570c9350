import MyoFlowCore

/// Inversion of pull-back displacement fields.
public enum FieldInversion {
    /// The field w with u.followed(by: w) ≈ 0 and w.followed(by: u) ≈ 0: warping with u then with w
    /// (or w then u) is the identity. Fixed-point iteration w(x) = −u(x + w(x)); converges for
    /// fields whose Jacobian stays well away from singular (|∇u| < 1), which smooth motion fields
    /// satisfy. Border padding makes the result approximate within |u| of the image edge.
    public static func inverse(of u: DisplacementField, iterations: Int = 30) -> DisplacementField {
        let rows = u.rows, columns = u.columns
        var w = DisplacementField(rows: rows, columns: columns)
        for i in 0..<(rows * columns) { w.rowDisplacement[i] = -u.rowDisplacement[i]; w.columnDisplacement[i] = -u.columnDisplacement[i] }
        for _ in 0..<iterations {
            var next = w
            for r in 0..<rows {
                for c in 0..<columns {
                    let i = r * columns + c
                    let pr = Double(r) + Double(w.rowDisplacement[i]), pc = Double(c) + Double(w.columnDisplacement[i])
                    next.rowDisplacement[i] = -Bilinear.sample(u.rowDisplacement, rows: rows, columns: columns, row: pr, column: pc)
                    next.columnDisplacement[i] = -Bilinear.sample(u.columnDisplacement, rows: rows, columns: columns, row: pr, column: pc)
                }
            }
            w = next
        }
        return w
    }
}
