import MotionCorrection
import MyoFlowCore
import XCTest

final class BoxFilterTests: XCTestCase {
    func testBoxSumsMatchBruteForce() {
        var rng = SplitMix64(seed: 3)
        let rows = 9, columns = 13
        let v = (0..<(rows * columns)).map { _ in Float(rng.uniform(-1, 1)) }
        let s = BoxFilter.sum(v, rows: rows, columns: columns, radius: 2)
        for (r, c) in [(0, 0), (4, 6), (8, 12), (2, 11)] {
            var expected: Float = 0
            for rr in max(0, r - 2)...min(rows - 1, r + 2) { for cc in max(0, c - 2)...min(columns - 1, c + 2) { expected += v[rr * columns + cc] } }
            XCTAssertEqual(s[r * columns + c], expected, accuracy: 1e-5)
        }
    }
}
