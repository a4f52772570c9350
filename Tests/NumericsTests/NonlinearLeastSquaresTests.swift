import Foundation
import Numerics
import XCTest

/// Fits y = A·exp(−λt) + b to samples of known parameters.
final class NonlinearLeastSquaresTests: XCTestCase {
    let truth = (a: 5.0, lambda: 0.4, b: 1.0)
    let times = (0..<40).map { Double($0) * 0.25 }

    func samples(noiseAmplitude: Double = 0) -> [Double] {
        times.enumerated().map { i, t in
            // Deterministic ±noise pattern (independent of the solver).
            truth.a * exp(-truth.lambda * t) + truth.b + noiseAmplitude * sin(Double(i) * 2.39996)
        }
    }

    func fit(_ y: [Double], analytic: Bool, solver: NonlinearLeastSquaresSolver) -> NonlinearLeastSquaresResult {
        let t = times
        let residuals: NonlinearLeastSquaresSolver.Residuals = { x, f in
            for i in 0..<t.count { f[i] = x[0] * exp(-x[1] * t[i]) + x[2] - y[i] }
            return true
        }
        let jacobian: NonlinearLeastSquaresSolver.Jacobian = { x, j in
            for i in 0..<t.count {
                let e = exp(-x[1] * t[i])
                j[i * 3] = e
                j[i * 3 + 1] = -x[0] * t[i] * e
                j[i * 3 + 2] = 1
            }
            return true
        }
        return solver.solve(initial: [1, 1, 0], residuals: residuals, jacobian: analytic ? jacobian : nil)
    }

    func testExactExponentialWithAnalyticJacobian() {
        let solver = NonlinearLeastSquaresSolver(residualCount: times.count, parameterCount: 3)
        let r = fit(samples(), analytic: true, solver: solver)
        XCTAssertTrue(r.converged, "\(r.status)")
        XCTAssertEqual(r.parameters[0], truth.a, accuracy: 1e-6)
        XCTAssertEqual(r.parameters[1], truth.lambda, accuracy: 1e-7)
        XCTAssertEqual(r.parameters[2], truth.b, accuracy: 1e-6)
        XCTAssertLessThan(r.sumOfSquares, 1e-12)
        XCTAssertGreaterThan(r.iterations, 0)
    }

    func testExactExponentialWithFiniteDifferences() {
        let solver = NonlinearLeastSquaresSolver(residualCount: times.count, parameterCount: 3)
        let r = fit(samples(), analytic: false, solver: solver)
        XCTAssertTrue(r.converged, "\(r.status)")
        XCTAssertEqual(r.parameters[0], truth.a, accuracy: 1e-5)
        XCTAssertEqual(r.parameters[1], truth.lambda, accuracy: 1e-6)
        XCTAssertEqual(r.parameters[2], truth.b, accuracy: 1e-5)
    }

    func testSolverIsReusableAndNoisyFitIsClose() {
        let solver = NonlinearLeastSquaresSolver(residualCount: times.count, parameterCount: 3, linearSolver: .cholesky)
        let noisy = fit(samples(noiseAmplitude: 0.02), analytic: true, solver: solver)
        let exact = fit(samples(), analytic: true, solver: solver)
        XCTAssertTrue(noisy.converged)
        XCTAssertEqual(noisy.parameters[1], truth.lambda, accuracy: 0.02)
        XCTAssertGreaterThan(noisy.sumOfSquares, 1e-4)  // residual noise remains
        XCTAssertEqual(exact.parameters[0], truth.a, accuracy: 1e-6)  // second solve unaffected by the first
    }

    func testFailedEvaluationAndBadStartAreReportedNotFatal() {
        let solver = NonlinearLeastSquaresSolver(residualCount: 5, parameterCount: 2)
        let failing = solver.solve(initial: [1, 1]) { _, _ in false }
        XCTAssertFalse(failing.converged)
        XCTAssertEqual(failing.status, .evaluationFailed)
        let nanStart = solver.solve(initial: [.nan, 1]) { _, f in for i in 0..<5 { f[i] = 0 }; return true }
        guard case .invalidInput = nanStart.status else { return XCTFail("expected invalidInput, got \(nanStart.status)") }
        let wrongCount = solver.solve(initial: [1]) { _, _ in true }
        guard case .invalidInput = wrongCount.status else { return XCTFail("expected invalidInput, got \(wrongCount.status)") }
    }
}
