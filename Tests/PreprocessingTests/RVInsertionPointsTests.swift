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
        // RV blood on the image left from 120° (lower left) to 240° (upper left); anterior is up (−y).
        // The insertions lie one free-wall thickness (3.5 mm) beyond the blood's ends along the
        // epicardium, whose edge is at 28 px = 42 mm: 3.5 / 42 rad = 4.77° beyond each end.
        let (myo, rv) = masks(arc: 120, 240)
        let geometry = SliceGeometry(spacing: PixelSpacing(isotropicMm: 1.5))
        let finder = RVInsertionFinder()
        XCTAssertEqual(finder.freeWallMm, 3.5)
        let found = try XCTUnwrap(finder.find(myocardium: myo, rv: rv, lvCentre: PixelPosition(row: 50, column: 50), geometry: geometry))
        let beyond = 3.5 / 42 * 180 / .pi
        XCTAssertEqual(angle(found.anterior), 240 + beyond, accuracy: 1.5)
        XCTAssertEqual(angle(found.inferior), 120 - beyond, accuracy: 1.5)
        XCTAssertEqual(hypot(found.anterior.row - 50, found.anterior.column - 50), 28, accuracy: 0.7)
        XCTAssertEqual(hypot(found.inferior.row - 50, found.inferior.column - 50), 28, accuracy: 0.7)
        XCTAssertEqual(found.contactArcDegrees, 120 + 2 * beyond, accuracy: 3)
        XCTAssertTrue(found.warnings.isEmpty)
    }

    func testWithoutFreeWallTheInsertionsAreTheBloodPoolEnds() throws {
        // Tips at the outermost RV pixels' edges, not at angular-bin centres: the ends are found
        // to well within one 4° bin of the product's setting.
        for (a0, a1) in [(120.0, 240.0), (97.0, 223.0), (131.5, 251.5)] {
            let (myo, rv) = masks(arc: a0, a1)
            var finder = RVInsertionFinder()
            finder.freeWallMm = 0
            finder.angularBins = 90
            let found = try XCTUnwrap(finder.find(myocardium: myo, rv: rv, lvCentre: PixelPosition(row: 50, column: 50),
                                                  geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 1.5))))
            XCTAssertEqual(angle(found.anterior), a1, accuracy: 1.2, "arc \(a0)–\(a1)")
            XCTAssertEqual(angle(found.inferior), a0, accuracy: 1.2, "arc \(a0)–\(a1)")
        }
    }

    func testRotatingTheImageAndItsGeometryTogetherRotatesTheInsertions() throws {
        // The same heart with the FOV turned by 90° (RV now at the top, anterior to the right):
        // the patient-space positions of the insertions must not change.
        let (myo, rv) = masks(arc: 120, 240)
        let spacing = PixelSpacing(isotropicMm: 1.5)
        let upright = SliceGeometry(spacing: spacing)
        let a = try XCTUnwrap(RVInsertionFinder().find(myocardium: myo, rv: rv, lvCentre: PixelPosition(row: 50, column: 50), geometry: upright))
        // Turned image: pixel (r, c) shows upright pixel (c, 99 − r); its geometry maps (r, c) to the same patient point.
        func turn(_ m: Mask) -> Mask {
            var out = m
            for r in 0..<100 { for c in 0..<100 { out[r, c] = m[c, 99 - r] } }
            return out
        }
        // upright patient point of (r', c') = (c, 99 − r): x = 1.5·(99 − r), y = 1.5·c.
        let turned = SliceGeometry(position: SIMD3(1.5 * 99, 0, 0), rowDirection: SIMD3(0, 1, 0), columnDirection: SIMD3(-1, 0, 0), spacing: spacing)
        let b = try XCTUnwrap(RVInsertionFinder().find(myocardium: turn(myo), rv: turn(rv), lvCentre: PixelPosition(row: 49, column: 50),
                                                       geometry: turned))
        for (p, q) in [(a.anterior, b.anterior), (a.inferior, b.inferior)] {
            let pp = upright.patientPoint(row: p.row, column: p.column), qq = turned.patientPoint(row: q.row, column: q.column)
            XCTAssertLessThan(((pp - qq) * (pp - qq)).sum().squareRoot(), 1.0, "\(pp) vs \(qq)")
        }
    }

    func testArcAcrossZeroDegreesAndFlippedGeometry() throws {
        // RV on the right (300°…60°); the image is displayed upside down (columnDirection −y),
        // so anterior is *down* in the image.
        let (myo, rv) = masks(arc: 300, 420)
        let geometry = SliceGeometry(rowDirection: SIMD3(1, 0, 0), columnDirection: SIMD3(0, -1, 0), spacing: PixelSpacing(isotropicMm: 1.5))
        let found = try XCTUnwrap(RVInsertionFinder().find(myocardium: myo, rv: rv, lvCentre: PixelPosition(row: 50, column: 50), geometry: geometry))
        let beyond = 3.5 / 42 * 180 / .pi
        XCTAssertEqual(angle(found.anterior), 60 + beyond, accuracy: 1.5)   // lower right is anterior here
        XCTAssertEqual(angle(found.inferior), 300 - beyond, accuracy: 1.5)
    }

    func testNoRVOrNoMyocardiumGivesNil() {
        let (myo, _) = masks(arc: 0, 10)
        let empty = Mask(rows: 100, columns: 100, values: .init(repeating: false, count: 10000))
        XCTAssertNil(RVInsertionFinder().find(myocardium: myo, rv: empty, lvCentre: PixelPosition(row: 50, column: 50), geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 1))))
        XCTAssertNil(RVInsertionFinder().find(myocardium: empty, rv: myo, lvCentre: PixelPosition(row: 50, column: 50), geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 1))))
    }
}
