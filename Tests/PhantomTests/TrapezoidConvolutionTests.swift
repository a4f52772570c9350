import Foundation
import Phantom
import Physics
import XCTest

final class TrapezoidConvolutionTests: XCTestCase {
    /// Step ⊗ e^{−s/τ} = τ(1 − e^{−t/τ}); the trapezoid error is dt²/12·|f′(t) − f′(0)| ≤ dt²/(12τ) ≈ 1.04e-4.
    func testStepConvolvedWithExponential() {
        let dt = 0.05, tau = 2.0, n = 400
        let out = TrapezoidConvolution.convolve([Double](repeating: 1, count: n), kernel: (0..<n).map { exp(-Double($0) * dt / tau) }, dt: dt)
        for i in stride(from: 10, to: n, by: 37) {
            let t = Double(i) * dt
            XCTAssertEqual(out[i], tau * (1 - exp(-t / tau)), accuracy: dt * dt / (12 * tau) * 1.01)
        }
    }

    /// A kernel starting at lag τd (a jump, as the Fermi residue) integrates exactly from τd.
    func testDelayedKernelStartsAtItsJump() {
        let dt = 0.05, n = 300, first = 20  // τd = 1 s
        let kernel = (0..<n).map { $0 < first ? 0 : 0.5 }
        let out = TrapezoidConvolution.convolve([Double](repeating: 2, count: n), kernel: kernel, dt: dt, firstLag: first)
        for i in [0, 10, 20] { XCTAssertEqual(out[i], 0, accuracy: 1e-12) }
        for i in [21, 100, 299] { XCTAssertEqual(out[i], 0.5 * 2 * Double(i - first) * dt, accuracy: 1e-9) }
    }

    /// Fermi tissue curve against a high-resolution reference integral.
    func testFermiCurveMatchesFineIntegral() {
        let aif = GammaVariateAIF(arrivalS: 3)
        let r = FermiResidue(mbfMlPerMinPerG: 2.5, shoulderS: 2, washoutPerS: 0.2, delayS: 0.5)
        let dt = 0.05, n = 600
        let out = TrapezoidConvolution.convolve((0..<n).map { aif.concentration(at: Double($0) * dt) },
                                                kernel: (0..<n).map { $0 < 10 ? 0 : r.value(at: Double($0) * dt) }, dt: dt, firstLag: 10)
        for i in [150, 300, 599] {
            let t = Double(i) * dt, h = 0.001
            var ref = 0.0
            var s = 0.5 + h / 2
            while s < t { ref += r.value(at: s) * aif.concentration(at: t - s) * h; s += h }  // midpoint rule
            XCTAssertEqual(out[i], ref, accuracy: 2e-3 * ref)
        }
    }
}
