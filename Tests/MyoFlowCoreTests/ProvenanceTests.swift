import Foundation
import MyoFlowCore
import XCTest

final class ProvenanceTests: XCTestCase {
    func testLatestValueWinsAndRoundTripsThroughJSON() throws {
        var p = Provenance()
        p.record(stage: "ingest", key: "aif-series", value: "1.2.3")
        p.record(stage: "ingest", key: "aif-series", value: "1.2.4", overridden: true)
        XCTAssertEqual(p.value(for: "aif-series"), "1.2.4")
        XCTAssertNil(p.value(for: "pd-frames"))
        let decoded = try JSONDecoder().decode(Provenance.self, from: JSONEncoder().encode(p))
        XCTAssertEqual(decoded, p)
        XCTAssertTrue(decoded.entries[1].overridden)
    }
}
