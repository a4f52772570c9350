import Pipeline
import XCTest

final class ChainStageTests: XCTestCase {
    func testMissingStagesAreNamedInDataFlowOrder() {
        let missing = ChainStage.missing()
        XCTAssertEqual(missing, ChainStage.allCases.filter { !$0.isImplemented })
        guard let first = missing.first else { return }  // every stage implemented: nothing to name
        XCTAssertThrowsError(try requireStages(ChainStage.allCases, for: "demo")) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("'demo'"))
            XCTAssertTrue(text.contains(first.rawValue))
        }
    }

    func testImplementedStagesPass() throws {
        try requireStages(ChainStage.allCases.filter(\.isImplemented), for: "x")
    }
}
