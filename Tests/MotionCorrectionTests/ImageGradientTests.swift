import MotionCorrection
import MyoFlowCore
import XCTest

final class ImageGradientTests: XCTestCase {
    func testGradientOfRampAndGradientMagnitude() {
        var ramp = Image2D(rows: 8, columns: 8)
        for r in 0..<8 { for c in 0..<8 { ramp[r, c] = Float(3 * r - 4 * c) } }
        let g = ImageGradient.gradient(ramp)
        XCTAssertEqual(g.row[0, 0], 3); XCTAssertEqual(g.row[4, 4], 3); XCTAssertEqual(g.column[7, 7], -4)
        XCTAssertEqual(ImageGradient.magnitude(ramp, sigma: 0)[4, 4], 5, accuracy: 1e-5)
    }
}
