import MotionCorrection
import MyoFlowCore
import XCTest

/// The grid ↔ window maps against closed-form expectations (x = c + (y − (n−1)/2)·q/p per axis).
final class RegistrationGridTests: XCTestCase {
    private func assertEqual(_ a: AffineTransform2D, _ b: AffineTransform2D, accuracy: Double, _ message: String = "",
                             file: StaticString = #filePath, line: UInt = #line) {
        for k in 0..<6 { XCTAssertEqual(a.theta[k], b.theta[k], accuracy: accuracy, "θ[\(k)] \(message)", file: file, line: line) }
    }

    /// A ramp image I(r, c) = a·r + b·c + d on a rows × columns window.
    private func ramp(rows: Int, columns: Int, a: Double, b: Double, d: Double) -> Image2D {
        var image = Image2D(rows: rows, columns: columns)
        for r in 0..<rows { for c in 0..<columns { image.pixels[r * columns + c] = Float(a * Double(r) + b * Double(c) + d) } }
        return image
    }

    func testGridMapsPlaceTheCentreAndScaleEachAxis() {
        // Anisotropic spacing, LV centre off the window centre (clipped window).
        let grid = RegistrationGrid(size: 96, pixelMm: 1.5, centre: PixelPosition(row: 20.25, column: 61.5), spacing: PixelSpacing(rowMm: 1.25, columnMm: 2.0))
        XCTAssertEqual(grid.scale.row, 1.2, accuracy: 1e-15)
        XCTAssertEqual(grid.scale.column, 0.75, accuracy: 1e-15)
        let middle = grid.toWindow.samplePosition(row: 47.5, column: 47.5)
        XCTAssertEqual(middle.row, 20.25, accuracy: 1e-12)
        XCTAssertEqual(middle.column, 61.5, accuracy: 1e-12)
        let corner = grid.toWindow.samplePosition(row: 0, column: 95)
        XCTAssertEqual(corner.row, 20.25 - 47.5 * 1.2, accuracy: 1e-12)
        XCTAssertEqual(corner.column, 61.5 + 47.5 * 0.75, accuracy: 1e-12)
        assertEqual(grid.toWindow.followed(by: grid.toGrid), .identity, accuracy: 1e-12)
    }

    func testAffineRoundTripWindowGridWindow() {
        let grid = RegistrationGrid(size: 128, pixelMm: 1.5, centre: PixelPosition(row: 55.3, column: 70.9), spacing: PixelSpacing(rowMm: 1.4, columnMm: 1.9))
        let window = AffineTransform2D(theta: [1.03, -0.08, 2.5, 0.06, 0.97, -4.25])
        assertEqual(grid.windowAffine(fromGrid: grid.gridAffine(fromWindow: window)), window, accuracy: 1e-12)
        let net = AffineTransform2D(theta: [0.95, 0.1, 3.0, -0.05, 1.02, -1.5])
        assertEqual(grid.gridAffine(fromWindow: grid.windowAffine(fromGrid: net)), net, accuracy: 1e-12)
        // Identity stays identity.
        assertEqual(grid.windowAffine(fromGrid: .identity), .identity, accuracy: 1e-12)
    }

    func testGridTranslationIsScaledByTheSpacingRatio() {
        let grid = RegistrationGrid(size: 128, pixelMm: 1.5, centre: PixelPosition(row: 40, column: 33), spacing: PixelSpacing(rowMm: 1.25, columnMm: 2.5))
        let net = AffineTransform2D(theta: [1, 0, 2.0, 0, 1, -3.0])
        // t grid pixels = t·q/p window pixels: rows 2·1.2 = 2.4, columns −3·0.6 = −1.8.
        assertEqual(grid.windowAffine(fromGrid: net), AffineTransform2D(theta: [1, 0, 2.4, 0, 1, -1.8]), accuracy: 1e-12)
    }

    func testGridRotationBecomesSRSInverseOnAnisotropicPixels() {
        let c = PixelPosition(row: 30, column: 45)
        let grid = RegistrationGrid(size: 64, pixelMm: 1.5, centre: c, spacing: PixelSpacing(rowMm: 1.0, columnMm: 2.0))
        let angle = 0.2, half = 31.5
        // A rotation about the grid centre.
        let net = AffineTransform2D.about(centre: (half, half), rotation: angle)
        let w = grid.windowAffine(fromGrid: net)
        // Linear part S·R·S⁻¹ with S = diag(1.5, 0.75): off-diagonals scaled by s_r/s_c = 2 and 1/2;
        // the LV centre is the fixed point.
        let ca = cos(angle), sa = sin(angle)
        XCTAssertEqual(w.theta[0], ca, accuracy: 1e-12)
        XCTAssertEqual(w.theta[1], -sa * 2, accuracy: 1e-12)
        XCTAssertEqual(w.theta[3], sa / 2, accuracy: 1e-12)
        XCTAssertEqual(w.theta[4], ca, accuracy: 1e-12)
        let fixed = w.samplePosition(row: c.row, column: c.column)
        XCTAssertEqual(fixed.row, c.row, accuracy: 1e-12)
        XCTAssertEqual(fixed.column, c.column, accuracy: 1e-12)
    }

    func testResamplingARampIsExactWithBorderClamp() {
        // Window 50 × 70 at 2.0 × 1.6 mm, LV centre near the top-left: the grid (40 × 2.5 mm = 100 mm)
        // runs past the window's top and left edges, where the ramp is clamped to the border.
        let image = ramp(rows: 50, columns: 70, a: 0.5, b: -0.25, d: 7)
        let grid = RegistrationGrid(size: 40, pixelMm: 2.5, centre: PixelPosition(row: 12.3, column: 20.8), spacing: PixelSpacing(rowMm: 2.0, columnMm: 1.6))
        let affine = AffineTransform2D.about(centre: (25, 35), rotation: 0.05, scale: 1.02, translation: (1.5, -2.25))
        for through in [AffineTransform2D.identity, affine] {
            let out = grid.resample(image, through: through)
            XCTAssertEqual([out.rows, out.columns], [40, 40])
            var clamped = 0, worst = 0.0
            for i in 0..<40 {
                for j in 0..<40 {
                    let x = grid.toWindow.samplePosition(row: Double(i), column: Double(j))
                    let p = through.samplePosition(row: x.row, column: x.column)
                    let r = min(max(p.row, 0), 49), c = min(max(p.column, 0), 69)
                    if r != p.row || c != p.column { clamped += 1 }
                    worst = max(worst, abs(Double(out[i, j]) - (0.5 * r - 0.25 * c + 7)))
                }
            }
            XCTAssertGreaterThan(clamped, 100, "the test grid should reach past the window")
            XCTAssertLessThan(worst, 5e-5, "bilinear is exact on a ramp (float rounding)")
        }
    }

    func testAffineFitRecoversThetaFromAnAffineDDF() {
        let theta = AffineTransform2D(theta: [1.04, -0.07, 3.25, 0.05, 0.96, -2.5])
        let ddf = theta.displacementField(rows: 128, columns: 128)
        let fitted = RegistrationGrid.affine(fittedTo: ddf)
        assertEqual(fitted, theta, accuracy: 1e-6)
    }

    func testTaperIsOneOnTheGridAndFallsLinearlyOverTenMillimetres() {
        // Grid of 20 × 2 mm pixels at 1 mm window pixels: the grid spans ±19 window pixels around the centre.
        let grid = RegistrationGrid(size: 20, pixelMm: 2, centre: PixelPosition(row: 50, column: 50), spacing: PixelSpacing(isotropicMm: 1))
        XCTAssertEqual(grid.taper(row: 50, column: 50), 1)
        XCTAssertEqual(grid.taper(row: 31, column: 69), 1, "grid corner")
        XCTAssertEqual(grid.taper(row: 50, column: 69 + 5), 0.5, accuracy: 1e-12)
        XCTAssertEqual(grid.taper(row: 31 - 2.5, column: 50), 0.75, accuracy: 1e-12)
        XCTAssertEqual(grid.taper(row: 69 + 3, column: 69 + 4), 0.5, accuracy: 1e-12, "5 mm from the corner")
        XCTAssertEqual(grid.taper(row: 50, column: 69 + 10), 0)
        XCTAssertEqual(grid.taper(row: 50, column: 69 + 30), 0)
        // Anisotropic spacing: distances are in mm.
        let aniso = RegistrationGrid(size: 20, pixelMm: 2, centre: PixelPosition(row: 50, column: 50), spacing: PixelSpacing(rowMm: 1, columnMm: 2))
        XCTAssertEqual(aniso.taper(row: 50, column: 50 + 19 / 2.0 + 2), 0.6, accuracy: 1e-12, "2 columns of 2 mm = 4 mm")
    }

    func testWindowFieldScalesSamplesAndTapers() throws {
        // v_net(y) = (0.1·y_r − 1, 0.5) on a 20² grid of 2 mm on a 1 × 1.6 mm window.
        let n = 20
        let spacing = PixelSpacing(rowMm: 1, columnMm: 1.6)
        let grid = RegistrationGrid(size: n, pixelMm: 2, centre: PixelPosition(row: 40.5, column: 30.25), spacing: spacing)
        var rowDisplacement = [Float](repeating: 0, count: n * n), columnDisplacement = rowDisplacement
        for i in 0..<n { for j in 0..<n { rowDisplacement[i * n + j] = Float(0.1 * Double(i) - 1); columnDisplacement[i * n + j] = 0.5 } }
        let v = grid.windowField(try DisplacementField(rows: n, columns: n, rowDisplacement: rowDisplacement, columnDisplacement: columnDisplacement),
                                 rows: 90, columns: 70)
        XCTAssertEqual([v.rows, v.columns], [90, 70])
        for r in 0..<90 {
            for c in 0..<70 {
                let y = grid.toGrid.samplePosition(row: Double(r), column: Double(c))
                let yr = min(max(y.row, 0), Double(n - 1))
                let w = grid.taper(row: Double(r), column: Double(c))
                let i = r * 70 + c
                XCTAssertEqual(Double(v.rowDisplacement[i]), w * 2 * (0.1 * yr - 1), accuracy: 1e-5, "(\(r), \(c))")
                XCTAssertEqual(Double(v.columnDisplacement[i]), w * 1.25 * 0.5, accuracy: 1e-5, "(\(r), \(c))")
            }
        }
        // Inside the grid the taper is 1, far outside the field vanishes.
        XCTAssertEqual(Double(v.columnDisplacement[40 * 70 + 30]), 0.625, accuracy: 1e-6)
        XCTAssertEqual(v.rowDisplacement[89 * 70 + 69], 0)
        XCTAssertEqual(v.columnDisplacement[0], 0)
    }
}
