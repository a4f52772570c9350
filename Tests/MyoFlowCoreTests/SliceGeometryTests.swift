import MyoFlowCore
import XCTest

final class SliceGeometryTests: XCTestCase {
    func testPatientPointFollowsDICOMConvention() {
        // Row direction +x (columns advance along x), column direction +y (rows advance along y).
        let g = SliceGeometry(position: SIMD3(10, 20, 30), spacing: PixelSpacing(rowMm: 2, columnMm: 3))
        XCTAssertEqual(g.patientPoint(row: 0, column: 0), SIMD3(10, 20, 30))
        XCTAssertEqual(g.patientPoint(row: 1, column: 0), SIMD3(10, 22, 30))
        XCTAssertEqual(g.patientPoint(row: 0, column: 1), SIMD3(13, 20, 30))
        XCTAssertEqual(g.normal, SIMD3(0, 0, 1))
    }

    func testObliqueNormalIsUnitAndOrthogonal() {
        let s = 0.5.squareRoot()
        let g = SliceGeometry(rowDirection: SIMD3(s, s, 0), columnDirection: SIMD3(0, 0, -1), spacing: PixelSpacing(isotropicMm: 1))
        let n = g.normal
        XCTAssertEqual((n * n).sum(), 1, accuracy: 1e-12)
        XCTAssertEqual((n * g.rowDirection).sum(), 0, accuracy: 1e-12)
        XCTAssertEqual((n * g.columnDirection).sum(), 0, accuracy: 1e-12)
    }
}
