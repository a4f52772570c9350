import Foundation
import MyoFlowCommands
import Phantom
import XCTest

/// `--border-erosion N` on `analyze`, `compare` and `batch`: parsed strictly, and honoured (fewer
/// pixels enter the segment statistics the more the myocardium is eroded; provenance records it).
final class BorderErosionOptionTests: XCTestCase {
    func testValues() {
        for args in [["analyze", "in", "--out", "o"], ["compare", "in", "--out", "o"], ["batch", "root", "--out", "o"]] {
            for n in ["0", "1", "3"] { XCTAssertNil(parseError(args + ["--border-erosion", n]), "\(args[0]) \(n)") }
            for bad in ["4", "-1", "x"] {
                XCTAssertEqual(parseError(args + ["--border-erosion=\(bad)"])?.contains("border-erosion"), true, "\(args[0]) \(bad)")
            }
        }
        XCTAssertNotNil(parseError(["demo", "--out", "o", "--border-erosion", "2"]))  // not an option of demo
    }

    func testAnalyzeUsesTheGivenErosion() throws {
        let study = try ExportedPhantomStudy(seed: 4344, name: "erosion")
        defer { study.remove() }
        let root = study.root
        func pixels(_ steps: Int) throws -> Int {
            let out = root + "/e\(steps)"
            var command = try MyoFlowCommand.parseAsRoot(["analyze", study.path, "--out", out, "--moco", "none",
                                                          "--border-erosion", String(steps), "--quiet"])
            try command.run()
            let provenance = try String(contentsOfFile: out + "/provenance.json", encoding: .utf8)
            XCTAssertTrue(provenance.contains("eroded by \(steps) 3 × 3 step"), "steps \(steps)")
            let rows = try String(contentsOfFile: out + "/segments.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            return rows.reduce(0) { total, row in
                // segment,name,level,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag (names hold no commas)
                let fields = row.split(separator: ",", omittingEmptySubsequences: false)
                return total + (Int(fields[7]) ?? 0)
            }
        }
        let none = try pixels(0), one = try pixels(1), two = try pixels(2)
        XCTAssertGreaterThan(none, one)
        XCTAssertGreaterThan(one, two)
        XCTAssertGreaterThan(two, 0)
    }
}
