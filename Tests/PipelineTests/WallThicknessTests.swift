import MyoFlowCore
import Pipeline
import XCTest

/// The wall thickness of concentric rings is recovered from the label areas, and only walls
/// thinner than 3.5 pixels draw the partial-volume warning.
final class WallThicknessTests: XCTestCase {
    /// A 96² label map: LV blood inside radius `r`, myocardium out to `outer` (pixels).
    func ring(r: Double, outer: Double) throws -> LabelMap {
        var labels = [UInt8](repeating: 0, count: 96 * 96)
        for row in 0..<96 {
            for column in 0..<96 {
                let d = (Double(row) - 47.5) * (Double(row) - 47.5) + (Double(column) - 47.5) * (Double(column) - 47.5)
                labels[row * 96 + column] = d.squareRoot() < r ? TissueLabel.lvBlood.rawValue : (d.squareRoot() < outer ? TissueLabel.myocardium.rawValue : 0)
            }
        }
        return try LabelMap(rows: 96, columns: 96, labels: labels)
    }

    func testRingThickness() throws {
        for (r, outer) in [(12.0, 17.0), (20.0, 23.0), (6.0, 14.0), (0.0, 9.0)] {
            let t = try XCTUnwrap(WallThickness.meanPixels(try ring(r: r, outer: outer)))
            XCTAssertEqual(t, outer - r, accuracy: 0.15, "ring \(r)–\(outer)")
        }
        XCTAssertNil(WallThickness.meanPixels(try ring(r: 10, outer: 10)), "no myocardium")
    }

    func testOnlyThinWallsAreWarnedAbout() throws {
        let labels = try ring(r: 15, outer: 18)
        let t = try XCTUnwrap(WallThickness.meanPixels(labels))
        let thin = try XCTUnwrap(WallThickness.warning(labels, pixelMm: 3))
        XCTAssertTrue(thin.contains(String(format: "spans only %.1f pixels (%.1f mm at 3.0 mm pixels)", t, 3 * t)), thin)
        XCTAssertNil(WallThickness.warning(try ring(r: 15, outer: 19), pixelMm: 2))
    }
}
