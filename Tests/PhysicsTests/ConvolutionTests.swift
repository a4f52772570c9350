import Foundation
import Physics
import XCTest

final class ConvolutionTests: XCTestCase {
    func testUnitImpulseReturnsKernel() {
        let dt = 0.5
        let impulse = [1 / dt, 0, 0, 0, 0]
        let kernel = [0.3, 0.2, 0.1, 0.05, 0.01]
        XCTAssertEqual(UniformConvolution.convolve(impulse, kernel, dt: dt), kernel)
    }

    func testConvolvingStepWithExponentialApproachesIntegral() {
        // (1 ⊗ e^(−t/τ))(t) = τ(1 − e^(−t/τ)); rectangle rule error O(dt).
        let dt = 0.01, tau = 2.0
        let n = 1000
        let step = [Double](repeating: 1, count: n)
        let kernel = (0..<n).map { exp(-Double($0) * dt / tau) }
        let out = UniformConvolution.convolve(step, kernel, dt: dt)
        let t = Double(n - 1) * dt
        XCTAssertEqual(out[n - 1], tau * (1 - exp(-t / tau)), accuracy: 0.02)
    }
}
