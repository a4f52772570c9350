import ArgumentParser
import MyoFlowCommands
import XCTest

final class CommandParsingTests: XCTestCase {
    func testMissingRequiredOptionIsNamed() {
        XCTAssertEqual(parseError(["analyze", "study"])?.contains("--out"), true)
    }

    func testUnknownSubcommandFails() {
        XCTAssertNotNil(parseError(["frobnicate"]))
    }

    func testInvalidMocoMethodIsRejected() {
        XCTAssertEqual(parseError(["analyze", "study", "--out", "o", "--moco", "magic"])?.contains("magic"), true)
    }

    func testVerboseAndQuietExcludeEachOther() {
        XCTAssertEqual(parseError(["analyze", "s", "--out", "o", "--verbose", "--quiet"])?.contains("exclude"), true)
    }

    func testShardMustBeIOfN() {
        XCTAssertNil(parseError(["batch", "root", "--out", "o", "--shard", "2/4"]))
        XCTAssertNotNil(parseError(["batch", "root", "--out", "o", "--shard", "4/4"]))
        XCTAssertNotNil(parseError(["batch", "root", "--out", "o", "--shard", "x"]))
        XCTAssertNotNil(parseError(["batch", "root", "--out", "o", "--jobs", "0"]))
    }

    func testMocoMethodConstraintsPerCommand() {
        XCTAssertNil(parseError(["segment", "in", "--out", "o", "--moco", "iterative"]))  // --moco none|deep|iterative everywhere (issue 9)
        XCTAssertNotNil(parseError(["moco", "in", "--out", "o", "--moco", "none"]))
        XCTAssertNil(parseError(["moco", "in", "--out", "o", "--moco", "iterative"]))
        for command in ["analyze", "moco", "segment"] { XCTAssertNil(parseError([command, "in", "--out", "o", "--moco", "auto"]), command) }
    }

    func testVersionIsReported() {
        XCTAssertEqual(parseError(["--version"]), MyoFlowCommand.version)
    }
}
