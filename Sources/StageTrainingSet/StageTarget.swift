import MotionCorrection
import MyoFlowCore
import Phantom

/// The field a refining stage must find, on its network grid. The product aligns frame f to the
/// reference frame r: its estimate E_f maps a point z of r's geometry (native pixels) to where
/// that tissue sits in frame f, E_f(z) = x + u_f(x) with x + u_r(x) = z (u the phantom's
/// correction fields, pull-back, relative to the motion-free geometry; x by fixed-point
/// iteration). Grid pixel y samples the window at G(y) through the stage-1 affine A, so the
/// residual is v(y) = G⁻¹(A⁻¹(E_f(G(y)))) − y (MONAI DDF, channel 0 rows).
struct StageTarget {
    let truth: SeriesTruth
    let reference: Int
    let offset: (row: Int, column: Int)

    func gridField(frame f: Int, affine: AffineTransform2D, grid: RegistrationGrid) -> [Float] {
        let uf = truth.correctionField(frame: f), ur = truth.correctionField(frame: reference)
        let rows = uf.rows, columns = uf.columns
        let inverse = affine.inverse ?? .identity
        let n = grid.size
        var out = [Float](repeating: 0, count: 2 * n * n)
        for i in 0..<n {
            for j in 0..<n {
                let g = grid.toWindow.samplePosition(row: Double(i), column: Double(j))
                let z = (row: g.row + Double(offset.row), column: g.column + Double(offset.column))
                var x = z
                for _ in 0..<20 {
                    x = (z.row - Double(Bilinear.sample(ur.rowDisplacement, rows: rows, columns: columns, row: x.row, column: x.column)),
                         z.column - Double(Bilinear.sample(ur.columnDisplacement, rows: rows, columns: columns, row: x.row, column: x.column)))
                }
                let e = (row: x.row + Double(Bilinear.sample(uf.rowDisplacement, rows: rows, columns: columns, row: x.row, column: x.column)) - Double(offset.row),
                         column: x.column + Double(Bilinear.sample(uf.columnDisplacement, rows: rows, columns: columns, row: x.row, column: x.column)) - Double(offset.column))
                let q = inverse.samplePosition(row: e.row, column: e.column)
                let y = grid.toGrid.samplePosition(row: q.row, column: q.column)
                out[i * n + j] = Float(y.row - Double(i))
                out[n * n + i * n + j] = Float(y.column - Double(j))
            }
        }
        return out
    }
}
