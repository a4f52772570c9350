import Foundation
import Physics
import XCTest

final class FermiResidueTests: XCTestCase {
    func testMBFConversionRoundTrip() {
        for mbf in [0.5, 1.0, 2.8, 5.0] {
            let r = FermiResidue(mbfMlPerMinPerG: mbf, shoulderS: 2, washoutPerS: 0.8, delayS: 1)
            XCTAssertEqual(r.mbfMlPerMinPerG, mbf, accuracy: 1e-12)
            // R(τd) = MBF·ρ/60 in s⁻¹.
            XCTAssertEqual(r.value(at: 1), mbf * 1.05 / 60, accuracy: 1e-12)
        }
    }

    func testShapeIsZeroBeforeDelayAndDecreasingAfter() {
        let r = FermiResidue(amplitudePerS: 0.05, shoulderS: 1.5, washoutPerS: 1, delayS: 0.5)
        XCTAssertEqual(r.value(at: 0.49), 0)
        let after = stride(from: 0.5, to: 20, by: 0.25).map { r.value(at: $0) }
        XCTAssertTrue(zip(after, after.dropFirst()).allSatisfy { $0 > $1 })
        // At t = τ0 + τd the residue is F/2.
        XCTAssertEqual(r.value(at: 2.0), 0.025, accuracy: 1e-12)
    }
}
