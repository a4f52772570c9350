import MotionCorrection
import MyoFlowCore
import XCTest

final class RefinementGateTests: XCTestCase {
    /// A frame moved by a known translation: of two estimates the gate keeps the one that
    /// undoes it, whichever side it is offered on, for affines and for fields.
    func testKeepsTheEstimateThatMatchesTheReference() throws {
        let reference = SyntheticPerfusion.make(dynamicFrames: 4, seed: 7, motion: false).series.frame(3)
        let shift = AffineTransform2D(theta: [1, 0, 1.5, 0, 1, -2])
        let native = try XCTUnwrap(shift.inverse).warp(reference)
        let wrong = AffineTransform2D(theta: [1, 0, -1, 0, 1, 1])
        var region = Mask(rows: 64, columns: 64, values: [Bool](repeating: false, count: 64 * 64))
        for r in 12..<52 { for c in 12..<52 { region[r, c] = true } }
        XCTAssertEqual(try RefinementGate.affine(candidate: shift, previous: wrong, native: native, reference: reference, region: region), shift)
        XCTAssertEqual(try RefinementGate.affine(candidate: wrong, previous: shift, native: native, reference: reference, region: region), shift)
        let good = shift.displacementField(rows: 64, columns: 64), bad = wrong.displacementField(rows: 64, columns: 64)
        XCTAssertEqual(try RefinementGate.field(candidate: good, previous: bad, native: native, reference: reference, region: nil), good)
        XCTAssertEqual(try RefinementGate.field(candidate: bad, previous: good, native: native, reference: reference, region: nil), good)
    }
}
