import Anatomy
import Foundation
import MyoFlowCore
import XCTest

final class AHAGeometryTests: XCTestCase {
    /// A point at image angle θ (degrees, atan2(Δrow, Δcolumn)) and radius 20 around (50, 50).
    private func point(_ degrees: Double, radius: Double = 20) -> AHAGeometry.Point {
        let t = degrees * .pi / 180
        return .init(row: 50 + radius * sin(t), column: 50 + radius * cos(t))
    }

    /// Standard display: anterior up, RV on the image left; RVIs at upper-left and lower-left.
    private var standard: AHAGeometry {
        AHAGeometry(lvCentre: .init(row: 50, column: 50), anteriorRVInsertion: point(-120), inferiorRVInsertion: point(120))
    }

    private func segment(_ g: AHAGeometry, _ degrees: Double, _ level: SliceLevel) -> Int {
        let p = point(degrees, radius: 12)
        return g.segment(row: p.row, column: p.column, level: level).number
    }

    func testBasalSegmentsInStandardView() {
        XCTAssertEqual(segment(standard, -90, .basal), 1)   // up: anterior
        XCTAssertEqual(segment(standard, -150, .basal), 2)  // upper left, beside the anterior RVI: anteroseptal
        XCTAssertEqual(segment(standard, 150, .basal), 3)   // lower left: inferoseptal
        XCTAssertEqual(segment(standard, 90, .basal), 4)    // down: inferior
        XCTAssertEqual(segment(standard, 30, .basal), 5)    // lower right: inferolateral
        XCTAssertEqual(segment(standard, -30, .basal), 6)   // upper right: anterolateral
    }

    func testMidAndApicalNumbering() {
        XCTAssertEqual(segment(standard, -90, .mid), 7)
        XCTAssertEqual(segment(standard, 150, .mid), 9)
        XCTAssertEqual(segment(standard, -90, .apical), 13)
        XCTAssertEqual(segment(standard, 180, .apical), 14)  // septum centre
        XCTAssertEqual(segment(standard, 90, .apical), 15)
        XCTAssertEqual(segment(standard, 0, .apical), 16)
    }

    func testMirroredViewWithRVOnTheRight() {
        let mirrored = AHAGeometry(lvCentre: .init(row: 50, column: 50), anteriorRVInsertion: point(-60), inferiorRVInsertion: point(60))
        XCTAssertEqual(segment(mirrored, -90, .basal), 1)
        XCTAssertEqual(segment(mirrored, -30, .basal), 2)
        XCTAssertEqual(segment(mirrored, 30, .basal), 3)
        XCTAssertEqual(segment(mirrored, 150, .basal), 5)
        XCTAssertEqual(segment(mirrored, 0, .apical), 14)
    }

    func testRotatedViewKeepsSegmentsRelativeToRVIs() {
        // Rotate everything by 73°: the labels of corresponding points must not change.
        let r = 73.0
        let rotated = AHAGeometry(lvCentre: .init(row: 50, column: 50), anteriorRVInsertion: point(-120 + r), inferiorRVInsertion: point(120 + r))
        for angle in stride(from: -175.0, to: 180, by: 10) {
            XCTAssertEqual(segment(rotated, angle + r, .basal), segment(standard, angle, .basal), "angle \(angle)")
            XCTAssertEqual(segment(rotated, angle + r, .apical), segment(standard, angle, .apical), "angle \(angle)")
        }
    }

    func testRingLabelsCoverEachLevelsSegmentsWithEqualShares() {
        var mask = Mask(rows: 101, columns: 101, values: .init(repeating: false, count: 101 * 101))
        for r in 0..<101 { for c in 0..<101 {
            let d = hypot(Double(r) - 50, Double(c) - 50)
            mask[r, c] = d >= 15 && d < 25
        } }
        let g = standard
        let basal = g.segmentLabels(of: mask, level: .basal)
        let counts = (1...6).map { n in basal.filter { $0 == n }.count }
        XCTAssertEqual(Set(basal.filter { $0 > 0 }), Set(1...6))
        XCTAssertLessThan(Double(counts.max()! - counts.min()!) / Double(counts.max()!), 0.05)
        XCTAssertEqual(basal.filter { $0 > 0 }.count, mask.count)
        let apical = g.segmentLabels(of: mask, level: .apical)
        XCTAssertEqual(Set(apical.filter { $0 > 0 }), Set(13...16))
    }

    func testSegmentTable() {
        XCTAssertEqual(AHASegment.all.map(\.number), Array(1...16))
        XCTAssertEqual(AHASegment.segments(at: .apical).map(\.number), [13, 14, 15, 16])
        XCTAssertEqual(AHASegment.all.filter { $0.territory == .lad }.map(\.number), [1, 2, 7, 8, 13, 14])
        XCTAssertEqual(AHASegment.all.filter { $0.territory == .rca }.map(\.number), [3, 4, 9, 10, 15])
        XCTAssertEqual(AHASegment.all.filter { $0.territory == .lcx }.map(\.number), [5, 6, 11, 12, 16])
        XCTAssertNil(AHASegment.number(17))
    }
}
