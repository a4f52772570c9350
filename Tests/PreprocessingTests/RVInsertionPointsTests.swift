import Foundation
import MyoFlowCore
import Preprocessing
import XCTest

final class RVInsertionPointsTests: XCTestCase {
    /// Myocardial ring (radius 20–28 px) around (50, 50) and an RV crescent hugging it over the
    /// image-angle arc [a0, a1] (degrees, atan2(Δrow, Δcolumn)).
    private func masks(arc a0: Double, _ a1: Double) -> (Mask, Mask) {
        var myo = Mask(rows: 100, columns: 100, values: .init(repeating: false, count: 10000))
        var rv = myo
        for r in 0..<100 {
            for c in 0..<100 {
                let d = hypot(Double(r) - 50, Double(c) - 50)
                var a = atan2(Double(r) - 50, Double(c) - 50) * 180 / .pi
                if a < 0 { a += 360 }  // [0, 360)
                if a < a0 { a += 360 }  // unwrap arcs that cross 0°
                if d >= 20 && d < 28 { myo[r, c] = true }
                if d >= 29 && d < 40 && a <= a1 { rv[r, c] = true }
            }
        }
        return (myo, rv)
    }

    private func angle(_ p: PixelPosition) -> Double {
        var a = atan2(p.row - 50, p.column - 50) * 180 / .pi
        if a < 0 { a += 360 }
        return a
    }

    func testEndsOfContactArcWithAnteriorUp() throws {
        // RV on the image left from 120° (lower left) to 240° (upper left); anterior is up (−y).
        let (myo, rv) = masks(arc: 120, 240)
        let geometry = SliceGeometry(spacing: PixelSpacing(isotropicMm: 1.5))
        let found = try XCTUnwrap(RVInsertionFinder().find(myocardium: myo, rv: rv, lvCentre: PixelPosition(row: 50, column: 50), geometry: geometry))
        XCTAssertEqual(angle(found.anterior), 240, accuracy: 3)
        XCTAssertEqual(angle(found.inferior), 120, accuracy: 3)
        XCTAssertEqual(hypot(found.anterior.row - 50, found.anterior.column - 50), 27.5, accuracy: 1.5)
        XCTAssertEqual(found.contactArcDegrees, 120, accuracy: 4)
        XCTAssertTrue(found.warnings.isEmpty)
    }

    func testArcAcrossZeroDegreesAndFlippedGeometry() throws {
        // RV on the right (300°…60°); the image is displayed upside down (columnDirection −y),
        // so anterior is *down* in the image.
        let (myo, rv) = masks(arc: 300, 420)
        let geometry = SliceGeometry(rowDirection: SIMD3(1, 0, 0), columnDirection: SIMD3(0, -1, 0), spacing: PixelSpacing(isotropicMm: 1.5))
        let found = try XCTUnwrap(RVInsertionFinder().find(myocardium: myo, rv: rv, lvCentre: PixelPosition(row: 50, column: 50), geometry: geometry))
        XCTAssertEqual(angle(found.anterior), 60, accuracy: 3)   // lower right is anterior here
        XCTAssertEqual(angle(found.inferior), 300, accuracy: 3)
    }

    func testNoRVOrNoMyocardiumGivesNil() {
        let (myo, _) = masks(arc: 0, 10)
        let empty = Mask(rows: 100, columns: 100, values: .init(repeating: false, count: 10000))
        XCTAssertNil(RVInsertionFinder().find(myocardium: myo, rv: empty, lvCentre: PixelPosition(row: 50, column: 50), geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 1))))
        XCTAssertNil(RVInsertionFinder().find(myocardium: empty, rv: myo, lvCentre: PixelPosition(row: 50, column: 50), geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 1))))
    }
}
