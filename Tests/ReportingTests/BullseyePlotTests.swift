import Anatomy
import Foundation
import Reporting
import XCTest

final class BullseyePlotTests: XCTestCase {
    func testSixteenSegmentsWithValuesAndHatchForMissing() {
        var values: [Int: Double?] = [:]
        for s in AHASegment.all { values[s.number] = s.number == 5 ? nil : Double(s.number) / 8 }
        let svg = BullseyePlot().svg(values: values, flagged: [7])
        XCTAssertEqual(svg.components(separatedBy: "class=\"segment\"").count - 1, 16)
        XCTAssertTrue(svg.contains(">1.25<"))  // segment 10
        XCTAssertTrue(svg.contains("data-segment=\"5\" d=") && svg.contains("url(#hatch)"))
        XCTAssertTrue(svg.contains("stroke=\"#000\" stroke-width=\"3.0\""))
    }

    func testSectorLayoutMatchesBullseyeConvention() throws {
        // Anterior (1, 7, 13) at the top: sector centred on 90°; septum (3, 14) on the left: ~180°.
        func centre(_ n: Int) throws -> Double {
            let s = BullseyePlot.sector(of: try XCTUnwrap(AHASegment.number(n)))
            return (s.startDegrees + s.endDegrees) / 2
        }
        XCTAssertEqual(try centre(1), 90)
        XCTAssertEqual(try centre(7), 90)
        XCTAssertEqual(try centre(13), 90)
        XCTAssertEqual(try centre(14), 180)
        XCTAssertEqual(try centre(4), 270)
        XCTAssertEqual(try centre(16), 360)
        XCTAssertEqual(try centre(2), 150)
        XCTAssertEqual(try centre(6), 390)  // = 30°: anterolateral, upper right
    }

    func testColourMapEndsAndNaN() {
        let map = ColourMap(minimum: 0, maximum: 4)
        XCTAssertEqual(map.hex(-1), map.hex(0))
        XCTAssertEqual(map.hex(9), map.hex(4))
        XCTAssertNotEqual(map.hex(1), map.hex(3))
        XCTAssertEqual(map.hex(.nan), "#808080")
    }
}
