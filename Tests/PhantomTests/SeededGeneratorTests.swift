import Phantom
import XCTest

final class SeededGeneratorTests: XCTestCase {
    func testDeterministicAndWellDistributed() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7), c = SeededGenerator(seed: 8)
        let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }, xc = (0..<5).map { _ in c.next() }
        XCTAssertEqual(xa, xb)
        XCTAssertNotEqual(xa, xc)
        var g = SeededGenerator(seed: 1)
        let n = 200_000
        var sum = 0.0, sum2 = 0.0, u = 0.0
        for _ in 0..<n { let x = g.normal(); sum += x; sum2 += x * x; u += g.unit() }
        XCTAssertEqual(sum / Double(n), 0, accuracy: 0.01)
        XCTAssertEqual(sum2 / Double(n), 1, accuracy: 0.015)
        XCTAssertEqual(u / Double(n), 0.5, accuracy: 0.005)
        let d1 = SeededGenerator(seed: 3).derived(1), d2 = SeededGenerator(seed: 3).derived(2)
        var e1 = d1, e2 = d2
        XCTAssertNotEqual(e1.next(), e2.next())
    }
}
