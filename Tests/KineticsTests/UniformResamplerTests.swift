import Foundation
import Kinetics
import XCTest

final class UniformResamplerTests: XCTestCase {
    let times = SyntheticCurves.acquisitionTimes(frames: 40)

    func testLinearCurvesAreReproducedExactly() {
        let map = UniformResampler(sourceTimesSeconds: times, startS: 1, stepS: 0.5, count: 50)
        let out = map.resample(times.map { 3 * $0 - 2 })
        for (t, v) in zip(map.gridTimesSeconds, out) { XCTAssertEqual(v, 3 * t - 2, accuracy: 1e-9) }
    }

    func testSmoothCurvesOnAnIrregularGridAreAccurate() {
        // A gamma-variate-like bump sampled about once per 0.85 s.
        func f(_ t: Double) -> Double { let x = max(0, (t - 8) / 3); return 4 * pow(x, 4) * exp(4 * (1 - x)) }
        let map = UniformResampler(sourceTimesSeconds: times, startS: 5, stepS: 0.25, count: 80)
        let out = map.resample(times.map(f))
        var worst = 0.0
        for (t, v) in zip(map.gridTimesSeconds, out) { worst = max(worst, abs(v - f(t))) }
        XCTAssertLessThan(worst, 0.02 * 4, "cubic spline error \(worst) mmol/L at a 4 mmol/L peak")
    }

    func testGridOutsideTheSamplesTakesTheEndValues() {
        let map = UniformResampler(sourceTimesSeconds: [0, 1, 2], startS: -1, stepS: 1, count: 5)
        XCTAssertEqual(map.resample([5, 6, 7]), [5, 5, 6, 7, 7])
    }
}
