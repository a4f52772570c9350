import MyoFlowCommands
import XCTest

/// `--levels` on `analyze` and `compare`: one AHA level per slice, parsed strictly.
final class SliceLevelsOptionTests: XCTestCase {
    func testValues() throws {
        XCTAssertEqual(try SliceLevelsOption.parse(["--levels", "basal,mid"]).levels(), [.basal, .mid])
        XCTAssertEqual(try SliceLevelsOption.parse(["--levels", "Apical"]).levels(), [.apical])
        XCTAssertNil(try SliceLevelsOption.parse([]).levels())
        for args in [["analyze", "in", "--out", "o"], ["compare", "in", "--out", "o"]] {
            XCTAssertNil(parseError(args + ["--levels", "basal,mid,apical"]), args[0])
            for bad in ["base", "basal,,mid", "1,2"] {
                XCTAssertEqual(parseError(args + ["--levels=\(bad)"])?.contains("--levels needs comma-separated basal, mid or apical"), true, "\(args[0]) \(bad)")
            }
        }
        XCTAssertNotNil(parseError(["batch", "root", "--out", "o", "--levels", "mid"]))  // a cohort's studies differ
    }
}
