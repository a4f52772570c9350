import MyoFlowCore

/// The field a refining stage (2 or 3) should find, on its network grid, given the true motion:
/// for training the stage on the inputs the product gives it (`StageTrainingSet`) and for
/// scoring it. The product aligns frame f to the reference frame r, so its estimate maps a point z
/// of r's geometry (native pixels) to where that tissue sits in frame f: E(z) = x + u_f(x) with
/// x + u_r(x) = z, u_f and u_r the true correction fields of f and r (pull-back, relative to the
/// motion-free geometry; x by fixed-point iteration). The stage's moving input samples the window
/// at A(G(y)) (A the earlier stages' affine, G `grid.toWindow`), so the residual it must add is
/// v(y) = G⁻¹(A⁻¹(E(G(y)) − o)) − y, o the window's offset in the native image (MONAI DDF,
/// channel 0 rows, grid pixels).
public enum RefinementTarget {
    public static func gridField(frameField uf: DisplacementField, referenceField ur: DisplacementField, windowOffset o: (row: Int, column: Int),
                                 affine: AffineTransform2D, grid: RegistrationGrid) -> [Float] {
        let rows = uf.rows, columns = uf.columns
        let inverse = affine.inverse ?? .identity
        let n = grid.size
        var out = [Float](repeating: 0, count: 2 * n * n)
        func at(_ field: DisplacementField, _ p: (row: Double, column: Double)) -> (row: Double, column: Double) {
            (Double(Bilinear.sample(field.rowDisplacement, rows: rows, columns: columns, row: p.row, column: p.column)),
             Double(Bilinear.sample(field.columnDisplacement, rows: rows, columns: columns, row: p.row, column: p.column)))
        }
        for i in 0..<n {
            for j in 0..<n {
                let g = grid.toWindow.samplePosition(row: Double(i), column: Double(j))
                let z = (row: g.row + Double(o.row), column: g.column + Double(o.column))
                var x = z
                for _ in 0..<20 {
                    let u = at(ur, x)
                    x = (z.row - u.row, z.column - u.column)
                }
                let u = at(uf, x)
                let q = inverse.samplePosition(row: x.row + u.row - Double(o.row), column: x.column + u.column - Double(o.column))
                let y = grid.toGrid.samplePosition(row: q.row, column: q.column)
                out[i * n + j] = Float(y.row - Double(i))
                out[n * n + i * n + j] = Float(y.column - Double(j))
            }
        }
        return out
    }
}
