import Anatomy
import Reporting
import XCTest

final class SegmentStatisticsTests: XCTestCase {
    func testStatisticsOfKnownValues() throws {
        let values = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, .nan]
        let s = SegmentStatistics(segment: try XCTUnwrap(AHASegment.number(7)), values: values)
        XCTAssertEqual(s.meanMlPerMinPerG!, 5.5, accuracy: 1e-12)
        XCTAssertEqual(s.medianMlPerMinPerG!, 5.5, accuracy: 1e-12)
        XCTAssertEqual(s.sdMlPerMinPerG!, 3.0276503540974917, accuracy: 1e-12)  // sample SD of 1…10
        XCTAssertEqual(s.validPixels, 10)
        XCTAssertEqual(s.rejectedPixels, 1)
        XCTAssertEqual(s.flag, "")
    }

    /// A few blood-contaminated pixels (fitted several times too high) move the mean, not the
    /// reported value.
    func testReportedValueIsTheMedianSoAFewHighPixelsDoNotMoveIt() throws {
        let values = [Double](repeating: 1.2, count: 9) + [1.0, 1.1, 1.3, 1.4, 6.5, 7.1]
        let s = SegmentStatistics(segment: try XCTUnwrap(AHASegment.number(1)), values: values)
        XCTAssertEqual(s.valueMlPerMinPerG!, 1.2, accuracy: 1e-12)
        XCTAssertEqual(s.meanMlPerMinPerG!, (1.2 * 9 + 1.0 + 1.1 + 1.3 + 1.4 + 6.5 + 7.1) / 15, accuracy: 1e-12)
        XCTAssertGreaterThan(s.meanMlPerMinPerG!, 1.9)
    }

    func testFlagsMissingSparseAndMostlyRejectedSegments() throws {
        let seg = try XCTUnwrap(AHASegment.number(1))
        XCTAssertEqual(SegmentStatistics(segment: seg, values: []).flag, "not covered by any slice")
        XCTAssertNil(SegmentStatistics(segment: seg, values: []).meanMlPerMinPerG)
        XCTAssertTrue(SegmentStatistics(segment: seg, values: [2, 2, 2]).flag.contains("only 3 valid pixels"))
        let mostlyRejected = [Double](repeating: 2, count: 20) + [Double](repeating: .nan, count: 20)
        XCTAssertTrue(SegmentStatistics(segment: seg, values: mostlyRejected).flag.contains("20 of 40"))
    }

    func testComputeGroupsPixelsBySegmentAcrossSlices() {
        let labels: [[UInt8]] = [[1, 1, 2, 0], [7, 0, 2, 2]]
        let maps: [[Double]] = [[1, 3, 5, 99], [4, 99, 7, 9]]
        let stats = SegmentStatistics.compute(segmentLabels: labels, mbfMaps: maps)
        XCTAssertEqual(stats.count, 16)
        XCTAssertEqual(stats[0].meanMlPerMinPerG, 2)
        XCTAssertEqual(stats[1].meanMlPerMinPerG, 7)
        XCTAssertEqual(stats[6].meanMlPerMinPerG, 4)
        XCTAssertNil(stats[15].meanMlPerMinPerG)
    }
}
