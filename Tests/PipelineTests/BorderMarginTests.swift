import MyoFlowCore
import Pipeline
import XCTest

/// The statistics margin is a distance: the automatic 2.5 mm becomes the nearest whole number of
/// erosion steps at each pixel size, never fewer than one; fixed steps ignore the pixel size.
final class BorderMarginTests: XCTestCase {
    func testAutomaticMarginInWholePixels() {
        let cases: [(Double, Int)] = [(0.8, 3), (1.2, 2), (1.4, 2), (1.6, 2), (1.8, 1), (2.0, 1), (2.5, 1), (3.0, 1), (6.0, 1)]
        for (mm, steps) in cases {
            XCTAssertEqual(BorderMargin.automatic.steps(for: PixelSpacing(rowMm: mm, columnMm: mm)), steps, "\(mm) mm pixels")
        }
        // Anisotropic pixels: the mean spacing (1.2 and 2.0 → 1.6 mm).
        XCTAssertEqual(BorderMargin.automatic.steps(for: PixelSpacing(rowMm: 1.2, columnMm: 2.0)), 2)
        XCTAssertEqual(BorderMargin.millimetres(5).steps(for: PixelSpacing(rowMm: 1.25, columnMm: 1.25)), 4)
    }

    func testFixedStepsIgnoreThePixelSize() {
        for mm in [1.0, 2.0, 3.0] {
            XCTAssertEqual(BorderMargin.steps(0).steps(for: PixelSpacing(rowMm: mm, columnMm: mm)), 0)
            XCTAssertEqual(BorderMargin.steps(3).steps(for: PixelSpacing(rowMm: mm, columnMm: mm)), 3)
        }
    }

    func testParsing() {
        XCTAssertEqual(BorderMargin(parsing: "auto"), .automatic)
        XCTAssertEqual(BorderMargin(parsing: "0"), .steps(0))
        XCTAssertEqual(BorderMargin(parsing: "5"), .steps(5))
        for bad in ["-1", "Auto", "2.5", ""] { XCTAssertNil(BorderMargin(parsing: bad), bad) }
    }
}
