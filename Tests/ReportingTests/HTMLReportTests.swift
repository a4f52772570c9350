import Anatomy
import Foundation
import Reporting
import XCTest

final class HTMLReportTests: XCTestCase {
    func testEscapesEveryInputString() {
        XCTAssertEqual(htmlEscaped("<script>alert('x')</script> & \"q\""),
                       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        var report = HTMLReport()
        report.header = [("Patient", "<script>alert(1)</script>")]
        report.warnings = ["<img src=x onerror=alert(2)>"]
        report.provenance = [("ingest", "series", "<b>desc</b>")]
        report.figures = [.init(caption: "slice <1>", pngData: Data([1, 2, 3]))]
        let html = report.render()
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<img src=x"))
        XCTAssertFalse(html.contains("<b>desc"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("data:image/png;base64,AQID"))
    }

    func testSelfContainedNoNetworkReferences() {
        var report = HTMLReport()
        report.segments = AHASegment.all.map { SegmentStatistics(segment: $0, values: [Double](repeating: 2.5, count: 20)) }
        report.bullseyeSVG = BullseyePlot().svg(values: Dictionary(uniqueKeysWithValues: AHASegment.all.map { ($0.number, Optional(2.5)) }))
        report.charts = [LineChart(title: "AIF", xLabel: "time (s)", yLabel: "Gd (mmol/L)", series: [.init(name: "blood", x: [0, 1, 2], y: [0, 4, 1], colour: "#c00")]).svg()]
        let html = report.render()
        for pattern in ["src=\"http", "href=", "url(http", "<script", "@import", "<link"] {
            XCTAssertFalse(html.contains(pattern), pattern)
        }
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("basal anterior"))
    }
}
