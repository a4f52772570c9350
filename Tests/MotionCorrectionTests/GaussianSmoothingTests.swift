import MotionCorrection
import MyoFlowCore
import XCTest

final class GaussianSmoothingTests: XCTestCase {
    func testGaussianKernelIsNormalisedAndSmoothingPreservesLinearRampsInside() {
        let k = GaussianSmoothing.kernel(sigma: 1.5)
        XCTAssertEqual(k.count, 11)
        XCTAssertEqual(Double(k.reduce(0, +)), 1, accuracy: 1e-6)
        var ramp = Image2D(rows: 20, columns: 20)
        for r in 0..<20 { for c in 0..<20 { ramp[r, c] = Float(2 * r + 3 * c) } }
        let s = GaussianSmoothing.smooth(ramp, sigma: 1.5)
        XCTAssertEqual(s[10, 10], ramp[10, 10], accuracy: 1e-3) // symmetric kernel keeps a ramp
        XCTAssertEqual(GaussianSmoothing.smooth(ramp, sigma: 0), ramp)
        // Variance of a smoothed impulse is σ².
        var impulse = Image2D(rows: 41, columns: 41)
        impulse[20, 20] = 1
        let blurred = GaussianSmoothing.smooth(impulse, sigma: 2)
        var variance = 0.0
        for r in 0..<41 { variance += Double(blurred.pixels[r * 41 + 20]) * Double((r - 20) * (r - 20)) }
        let column = (0..<41).reduce(0.0) { $0 + Double(blurred.pixels[$1 * 41 + 20]) }
        XCTAssertEqual(variance / column, 4, accuracy: 0.05)
    }
}
