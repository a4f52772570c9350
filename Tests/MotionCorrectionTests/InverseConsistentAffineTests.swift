import MotionCorrection
import MyoFlowCore
import XCTest

final class InverseConsistentAffineTests: XCTestCase {
    private let truth = AffineTransform2D.about(centre: (40, 30), rotation: 0.08, scale: 1.03, translation: (2.5, -1.5))

    private func maxDistance(_ a: AffineTransform2D, _ b: AffineTransform2D) -> Double {
        var worst = 0.0
        for (r, c) in [(0.0, 0.0), (80, 0), (0, 60), (80, 60), (40, 30)] {
            let p = a.samplePosition(row: r, column: c), q = b.samplePosition(row: r, column: c)
            worst = max(worst, hypot(p.row - q.row, p.column - q.column))
        }
        return worst
    }

    func testAConsistentPairGivesTheForwardEstimateBack() throws {
        let backward = try XCTUnwrap(truth.inverse)
        XCTAssertLessThan(maxDistance(InverseConsistentAffine.mean(forward: truth, backward: backward), truth), 1e-9)
    }

    func testAnErrorThatFlipsWithTheInputOrderCancels() throws {
        // The forward estimate is off by a bias E (0.6 px, 0.015 rad about the LV); the backward
        // estimate, made with the images exchanged, is off by the same bias the other way.
        let bias = AffineTransform2D.about(centre: (40, 30), rotation: 0.015, translation: (0.6, -0.4))
        let forward = truth.followed(by: bias)
        let backward = try XCTUnwrap(truth.followed(by: try XCTUnwrap(bias.inverse)).inverse)
        XCTAssertGreaterThan(maxDistance(forward, truth), 0.6)
        XCTAssertLessThan(maxDistance(InverseConsistentAffine.mean(forward: forward, backward: backward), truth), 0.02)
    }

    func testASingularBackwardEstimateLeavesTheForwardOne() {
        let singular = AffineTransform2D(theta: [0, 0, 1, 0, 0, 2])
        XCTAssertEqual(InverseConsistentAffine.mean(forward: truth, backward: singular), truth)
    }
}
