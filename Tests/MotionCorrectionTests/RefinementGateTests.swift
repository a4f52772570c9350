import MotionCorrection
import MyoFlowCore
import XCTest

final class RefinementGateTests: XCTestCase {
    /// A frame moved by a known translation: of two estimates the gate keeps the one that
    /// undoes it, whichever side it is offered on, over a region and over the whole image.
    func testKeepsTheEstimateThatMatchesTheReference() throws {
        let reference = SyntheticPerfusion.make(dynamicFrames: 4, seed: 7, motion: false).series.frame(3)
        let shift = AffineTransform2D(theta: [1, 0, 1.5, 0, 1, -2])
        let native = try XCTUnwrap(shift.inverse).warp(reference)
        let wrong = AffineTransform2D(theta: [1, 0, -1, 0, 1, 1])
        var region = Mask(rows: 64, columns: 64, values: [Bool](repeating: false, count: 64 * 64))
        for r in 12..<52 { for c in 12..<52 { region[r, c] = true } }
        let good = try shift.warp(native), bad = try wrong.warp(native)  // each estimate's warped frame
        XCTAssertTrue(RefinementGate.keepsCandidate(good, over: bad, reference: reference, region: region))
        XCTAssertFalse(RefinementGate.keepsCandidate(bad, over: good, reference: reference, region: region))
        XCTAssertTrue(RefinementGate.keepsCandidate(good, over: bad, reference: reference, region: nil))
        XCTAssertFalse(RefinementGate.keepsCandidate(bad, over: good, reference: reference, region: nil))
    }
}
