import Anatomy
import Reporting
import XCTest

final class SegmentsCSVTests: XCTestCase {
    func testSixteenRowsWithHeaderAndQuoting() {
        let stats = AHASegment.all.map { SegmentStatistics(segment: $0, values: $0.number == 3 ? [] : [Double](repeating: Double($0.number) / 4, count: 12)) }
        let lines = SegmentsCSV.render(stats).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "segment,name,level,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag")
        XCTAssertEqual(lines.count, 18)  // header + 16 + trailing empty
        XCTAssertEqual(lines[1], "1,basal anterior,basal,LAD,0.250,0.000,0.250,12,")
        XCTAssertEqual(lines[3], "3,basal inferoseptal,basal,RCA,,,,0,not covered by any slice")
    }

    func testCSVQuoting() {
        XCTAssertEqual(CSVField.quote("plain"), "plain")
        XCTAssertEqual(CSVField.quote("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVField.quote("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVField.number(.nan), "")
        XCTAssertEqual(CSVField.number(nil), "")
    }
}
