import MotionCorrection
import MyoFlowCore
import XCTest

final class AffineRegistrationTests: XCTestCase {
    private let image = SyntheticPerfusion.make(dynamicFrames: 1, seed: 4, motion: false, noise: 0).truth.frame(0)

    private func error(_ estimate: AffineTransform2D, _ truth: AffineTransform2D) -> Double {
        MotionQualityMetrics.residualMotionRMS(estimated: estimate.displacementField(rows: 64, columns: 64),
                                               truth: truth.displacementField(rows: 64, columns: 64))
    }

    func testRecoversKnownAffineWithNCCUnderIntensityScaling() throws {
        let truth = AffineTransform2D.about(centre: (31.5, 31.5), rotation: 4 * .pi / 180, scale: 1.04, translation: (3.5, -2.5))
        // moving = fixed ∘ truth⁻¹ so that moving(truth(x)) = fixed(x); intensities scaled ×2 + 1.
        var moving = try truth.inverse!.warp(image)
        for i in moving.pixels.indices { moving.pixels[i] = 2 * moving.pixels[i] + 1 }
        let result = try AffineRegistration.register(fixed: image, moving: moving)
        XCTAssertGreaterThan(error(.identity, truth), 3)
        XCTAssertLessThan(error(result.transform, truth), 0.15)
        XCTAssertGreaterThan(result.finalNCC, 0.99)
        XCTAssertGreaterThan(result.finalNCC, result.initialNCC)
    }

    func testLNCCAndRigidModeAndInitialTransform() throws {
        let truth = AffineTransform2D.about(centre: (31.5, 31.5), rotation: -3 * .pi / 180, scale: 0.98, translation: (-2, 1.5))
        let moving = try truth.inverse!.warp(image)
        let lncc = try AffineRegistration.register(fixed: image, moving: moving, options: AffineRegistrationOptions(fullAffine: false, metric: .lncc(radius: 4)))
        XCTAssertLessThan(error(lncc.transform, truth), 0.1)
        // Rigid+scale keeps θ of the form [[a, −b], [b, a]].
        XCTAssertEqual(lncc.transform.theta[0], lncc.transform.theta[4], accuracy: 1e-9)
        XCTAssertEqual(lncc.transform.theta[1], -lncc.transform.theta[3], accuracy: 1e-9)
        // Starting at the answer with no iterations returns it.
        let fixedPoint = try AffineRegistration.register(fixed: image, moving: moving, initial: truth,
                                                         options: AffineRegistrationOptions(iterationsPerLevel: 0))
        XCTAssertLessThan(error(fixedPoint.transform, truth), 1e-9)
    }

    func testMismatchedGridsThrow() {
        XCTAssertThrowsError(try AffineRegistration.register(fixed: image, moving: Image2D(rows: 10, columns: 10)))
        XCTAssertThrowsError(try AffineRegistration.register(fixed: image, moving: image, mask: Mask(rows: 2, columns: 2, values: [true, true, true, true])))
    }
}
