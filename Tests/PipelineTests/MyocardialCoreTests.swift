import Foundation
import MyoFlowCore
import Pipeline
import XCTest

/// `MyocardialCore`: border pixels (including those touching the outside only diagonally) leave
/// the core; thin walls fall back to the 4-neighbour erosion, then fewer steps, then the full mask.
final class MyocardialCoreTests: XCTestCase {
    /// A ring of radii [r0, r1) about (30, 30) on a 60 × 60 grid.
    private func ring(_ r0: Double, _ r1: Double) -> Mask {
        var m = Mask(rows: 60, columns: 60, values: .init(repeating: false, count: 3600))
        for r in 0..<60 { for c in 0..<60 { let d = hypot(Double(r) - 30, Double(c) - 30); m[r, c] = d >= r0 && d < r1 } }
        return m
    }

    func testCorePixelsHaveOnlyMyocardiumInTheir3x3Neighbourhood() {
        let myo = ring(12, 18)
        let core = MyocardialCore.mask(myo)
        XCTAssertGreaterThan(core.count, myo.count / 3)
        for r in 1..<59 {
            for c in 1..<59 where core[r, c] {
                for dr in -1...1 { for dc in -1...1 { XCTAssertTrue(myo[r + dr, c + dc], "(\(r), \(c)) + (\(dr), \(dc))") } }
            }
        }
        // ...and every such pixel is kept.
        for r in 1..<59 {
            for c in 1..<59 where myo[r, c] {
                var all = true
                for dr in -1...1 { for dc in -1...1 where !myo[r + dr, c + dc] { all = false } }
                XCTAssertEqual(core[r, c], all)
            }
        }
        XCTAssertEqual(MyocardialCore.mask(myo, pixels: 0), myo)
    }

    func testThinWallsFallBack() {
        // A wall ~2.5 px thick: the 3 × 3 erosion leaves almost nothing, the 4-neighbour one more.
        let thin = ring(14, 16.5)
        let square = MyocardialCore.mask(thin, minimumFraction: 0)
        let cross = MyocardialCore.mask(thin, minimumFraction: Double(square.count + 1) / Double(thin.count))
        XCTAssertLessThan(square.count, cross.count)
        XCTAssertLessThan(cross.count, thin.count)  // the 4-neighbour core, not the full mask
        for i in cross.values.indices where cross.values[i] { XCTAssertTrue(thin.values[i]) }
        // A one-pixel ring keeps everything.
        let line = ring(14, 15)
        XCTAssertEqual(MyocardialCore.mask(line), line)
    }

    /// Two erosion steps on a wall too thin for them step down to one, not to no erosion at all.
    func testTwoStepsOnAThinWallFallBackToOneStep() {
        let wall = ring(12, 16)  // ~4 px: two 3 × 3 steps leave almost nothing
        let one = MyocardialCore.mask(wall, pixels: 1)
        XCTAssertGreaterThan(Double(one.count), 0.15 * Double(wall.count))
        let two = MyocardialCore.mask(wall, pixels: 2, minimumFraction: 0.15)
        XCTAssertLessThan(Double(MyocardialCore.mask(wall, pixels: 2, minimumFraction: 0).count), 0.15 * Double(wall.count))
        XCTAssertTrue(two == one, "two steps fell back to \(two.count) pixels; one step keeps \(one.count)")
        // A wall thick enough for two steps gets them.
        let thick = ring(10, 20)
        XCTAssertLessThan(MyocardialCore.mask(thick, pixels: 2).count, MyocardialCore.mask(thick, pixels: 1).count)
    }
}
