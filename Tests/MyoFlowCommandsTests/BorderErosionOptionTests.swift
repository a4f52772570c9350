import Foundation
import MyoFlowCommands
import Phantom
import Pipeline
import XCTest

/// `--border-erosion auto|N` on `analyze`, `compare` and `batch`: parsed strictly, and honoured
/// (fewer pixels enter the segment statistics the more the myocardium is eroded; `auto` is a
/// 2.5 mm margin, one step on the phantom's 2 mm pixels; provenance records it).
final class BorderErosionOptionTests: XCTestCase {
    func testValues() {
        for args in [["analyze", "in", "--out", "o"], ["compare", "in", "--out", "o"], ["batch", "root", "--out", "o"]] {
            for n in ["0", "1", "3", "auto"] { XCTAssertNil(parseError(args + ["--border-erosion", n]), "\(args[0]) \(n)") }
            for bad in ["4", "-1", "x", "Auto", "2.5"] {
                XCTAssertEqual(parseError(args + ["--border-erosion=\(bad)"])?.contains("border-erosion"), true, "\(args[0]) \(bad)")
            }
        }
        XCTAssertNotNil(parseError(["demo", "--out", "o", "--border-erosion", "2"]))  // not an option of demo
        XCTAssertEqual(try BorderErosionOption.parse([]).margin, .automatic)
        XCTAssertEqual(try BorderErosionOption.parse(["--border-erosion", "2"]).margin, .steps(2))
    }

    func testAnalyzeUsesTheGivenErosion() throws {
        let study = try ExportedPhantomStudy(seed: 4344, name: "erosion")
        defer { study.remove() }
        let root = study.root
        func pixels(_ value: String) throws -> Int {
            let out = root + "/e\(value)"
            var command = try MyoFlowCommand.parseAsRoot(["analyze", study.path, "--out", out, "--moco", "none",
                                                          "--border-erosion", value, "--quiet"])
            try command.run()
            let provenance = try String(contentsOfFile: out + "/provenance.json", encoding: .utf8)
            let recorded = value == "auto" ? "2.5 mm (the nearest whole number of 3 × 3 steps" : "eroded by \(value) 3 × 3 step"
            XCTAssertTrue(provenance.contains(recorded), "--border-erosion \(value)")
            let rows = try String(contentsOfFile: out + "/segments.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            return rows.reduce(0) { total, row in
                // segment,name,level,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag (names hold no commas)
                let fields = row.split(separator: ",", omittingEmptySubsequences: false)
                return total + (Int(fields[7]) ?? 0)
            }
        }
        let none = try pixels("0"), one = try pixels("1"), two = try pixels("2")
        XCTAssertEqual(try pixels("auto"), one, "2.5 mm is one step at the phantom's 2 mm pixels")
        XCTAssertGreaterThan(none, one)
        XCTAssertGreaterThan(one, two)
        XCTAssertGreaterThan(two, 0)
    }
}
