import Anatomy
import Pipeline
import Reporting
import XCTest

final class HypoperfusionAssessmentTests: XCTestCase {
    private func stats(_ mbf: [Int: Double], normal: Double) -> [SegmentStatistics] {
        AHASegment.all.map { s in SegmentStatistics(segment: s, values: Array(repeating: mbf[s.number] ?? normal, count: 20)) }
    }

    func testRCATerritoryFlaggedRelativeToRemote() {
        let rca = AHASegment.all.filter { $0.territory == .rca }.map(\.number)
        let outcome = HypoperfusionAssessment.assess(stats(Dictionary(uniqueKeysWithValues: rca.map { ($0, 1.0) }), normal: 3), fraction: 0.7)
        XCTAssertEqual(outcome.remoteMBF ?? 0, 3, accuracy: 1e-9)
        XCTAssertEqual(outcome.hypoperfused, rca)
        XCTAssertEqual(outcome.territories, [.rca])
    }

    func testUniformRestFlowIsNotFlaggedAndOneLowSegmentIsNotATerritory() {
        XCTAssertTrue(HypoperfusionAssessment.assess(stats([:], normal: 0.9), fraction: 0.7).hypoperfused.isEmpty)
        let one = HypoperfusionAssessment.assess(stats([4: 0.5], normal: 0.9), fraction: 0.7)
        XCTAssertEqual(one.hypoperfused, [4])
        XCTAssertTrue(one.territories.isEmpty)
    }
}
