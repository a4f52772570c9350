import MotionCorrection
import MyoFlowCore
import XCTest

final class NonRigidRegistrationTests: XCTestCase {
    func testRecoversSmoothDeformationOfSameContrastImage() throws {
        let data = SyntheticPerfusion.make(dynamicFrames: 1, seed: 11, motion: false, noise: 0)
        let fixed = data.truth.frame(0)
        // A smooth bump field (1.5 px peak) as the true correction; moving = fixed ∘ inverse.
        var u = DisplacementField(rows: 64, columns: 64)
        for r in 0..<64 {
            for c in 0..<64 {
                let g = 2.0 * exp(-(pow(Double(r) - 30, 2) + pow(Double(c) - 34, 2)) / (2 * 81))
                u.rowDisplacement[r * 64 + c] = Float(g * 0.8)
                u.columnDisplacement[r * 64 + c] = Float(-g * 0.6)
            }
        }
        let moving = try FieldInversion.inverse(of: u).warp(fixed)
        let result = try NonRigidRegistration.register(fixed: fixed, moving: moving)
        let before = MotionQualityMetrics.residualMotionRMS(estimated: DisplacementField(rows: 64, columns: 64), truth: u, mask: data.myocardium)
        let after = MotionQualityMetrics.residualMotionRMS(estimated: result.total, truth: u, mask: data.myocardium)
        print("non-rigid residual in ring: before \(before), after \(after), LNCC \(result.initialLNCC) → \(result.finalLNCC)")
        XCTAssertGreaterThan(before, 1.0)
        XCTAssertLessThan(after, 0.5 * before)
        XCTAssertGreaterThan(result.finalLNCC, result.initialLNCC)
    }
}
