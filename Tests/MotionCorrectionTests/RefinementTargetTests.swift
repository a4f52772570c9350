import MotionCorrection
import MyoFlowCore
import XCTest

/// The training target of a refining stage (`RefinementTarget`): translations compose in closed
/// form, the earlier stages' affine is taken out, and a frame that moved like the reference
/// needs no refinement, however its field bends (which exercises the field inversion).
final class RefinementTargetTests: XCTestCase {
    private func field(rows: Int, columns: Int, _ u: (Double, Double) -> (Double, Double)) -> DisplacementField {
        var f = DisplacementField(rows: rows, columns: columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let (a, b) = u(Double(r), Double(c))
                f.rowDisplacement[r * columns + c] = Float(a); f.columnDisplacement[r * columns + c] = Float(b)
            }
        }
        return f
    }

    func testTranslationsComposeAndTheAffineIsTakenOut() throws {
        // Native 80 × 90 at 1.5 mm, window offset (7, 11), grid 16² of 3 mm: 2 window pixels per grid pixel.
        let uf = field(rows: 80, columns: 90) { _, _ in (1.5, -2.0) }, ur = field(rows: 80, columns: 90) { _, _ in (0.5, 1.0) }
        let grid = RegistrationGrid(size: 16, pixelMm: 3, centre: PixelPosition(row: 30, column: 35), spacing: PixelSpacing(isotropicMm: 1.5))
        let shift = AffineTransform2D.about(centre: (0, 0), translation: (0.4, -0.6))
        for (affine, expected) in [(AffineTransform2D.identity, (1.0, -3.0)), (shift, (0.6, -2.4))] {
            let v = RefinementTarget.gridField(frameField: uf, referenceField: ur, windowOffset: (7, 11), affine: affine, grid: grid)
            XCTAssertEqual(v.count, 2 * 16 * 16)
            for k in 0..<(16 * 16) {
                XCTAssertEqual(Double(v[k]), expected.0 / 2, accuracy: 1e-5)
                XCTAssertEqual(Double(v[256 + k]), expected.1 / 2, accuracy: 1e-5)
            }
        }
    }

    func testAFrameThatMovedLikeTheReferenceNeedsNoRefinement() throws {
        // A smooth, non-uniform field (up to ~2 px, gradient well below 1): the target is zero only
        // if x + u_r(x) = z is solved for x, not approximated by x = z − u_r(z).
        let u = field(rows: 70, columns: 70) { r, c in (2 * sin(r / 9) * cos(c / 13), 1.5 * cos(r / 11 + c / 17)) }
        let grid = RegistrationGrid(size: 24, pixelMm: 2, centre: PixelPosition(row: 33, column: 36), spacing: PixelSpacing(isotropicMm: 2))
        let v = RefinementTarget.gridField(frameField: u, referenceField: u, windowOffset: (3, 2), affine: .identity, grid: grid)
        XCTAssertLessThan(v.map { abs($0) }.max()!, 1e-3)
        // Against a motion-free reference the target is the frame's own field where u is smooth.
        let zero = DisplacementField(rows: 70, columns: 70)
        let w = RefinementTarget.gridField(frameField: u, referenceField: zero, windowOffset: (3, 2), affine: .identity, grid: grid)
        let centre = 12 * 24 + 12, g = grid.toWindow.samplePosition(row: 12, column: 12)
        let n = (Int((g.row + 3).rounded()), Int((g.column + 2).rounded()))
        XCTAssertEqual(Double(w[centre]), Double(u.rowDisplacement[n.0 * 70 + n.1]), accuracy: 0.15)
        XCTAssertEqual(Double(w[576 + centre]), Double(u.columnDisplacement[n.0 * 70 + n.1]), accuracy: 0.15)
    }
}
