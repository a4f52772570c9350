import MotionCorrection
import XCTest

final class NormalizedCrossCorrelationTests: XCTestCase {
    private func randomImage(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in Float(rng.uniform(0, 1)) }
    }

    func testNCCIsOneForPositiveLinearIntensityChangeAndMinusOneForInversion() {
        let a = randomImage(100, seed: 1)
        XCTAssertEqual(NormalizedCrossCorrelation.value(fixed: a, moving: a.map { 3 * $0 + 2 }), 1, accuracy: 1e-6)
        XCTAssertEqual(NormalizedCrossCorrelation.value(fixed: a, moving: a.map { -0.5 * $0 + 1 }), -1, accuracy: 1e-6)
        XCTAssertEqual(NormalizedCrossCorrelation.value(fixed: a, moving: [Float](repeating: 4, count: 100)), 0)
    }

    func testNCCGradientMatchesFiniteDifferencesWithMask() {
        let a = randomImage(64, seed: 2), b = randomImage(64, seed: 3)
        let mask = (0..<64).map { $0 % 3 != 0 }
        let (_, g) = NormalizedCrossCorrelation.valueAndGradient(fixed: a, moving: b, mask: mask)
        for i in [1, 5, 17, 40, 62] {
            var plus = b, minus = b
            plus[i] += 1e-3; minus[i] -= 1e-3
            let numeric = (NormalizedCrossCorrelation.value(fixed: a, moving: plus, mask: mask)
                - NormalizedCrossCorrelation.value(fixed: a, moving: minus, mask: mask)) / 2e-3
            XCTAssertEqual(Double(g[i]), numeric, accuracy: 1e-4 + 1e-2 * abs(numeric))
        }
        XCTAssertEqual(g[3], 0) // outside the mask
    }

    func testLNCCIsOneForSpatiallyVaryingLinearContrastChange() {
        let rows = 20, columns = 24
        let a = randomImage(rows * columns, seed: 4)
        // b = gain(column)·a with a gain rising from 1 to 3.3 across the image: each 5×5 window
        // sees a nearly proportional relation, so LNCC stays close to 1 while global NCC drops.
        var b = a
        for r in 0..<rows { for c in 0..<columns { b[r * columns + c] = (1 + 0.1 * Float(c)) * a[r * columns + c] } }
        let local = LocalNormalizedCrossCorrelation.value(fixed: a, moving: b, rows: rows, columns: columns, radius: 2)
        let global = NormalizedCrossCorrelation.value(fixed: a, moving: b)
        XCTAssertGreaterThan(local, 0.97)
        XCTAssertLessThan(global * global, local - 0.1) // LNCC is a squared correlation
    }

    func testLNCCGradientMatchesFiniteDifferences() {
        let rows = 12, columns = 14
        let a = randomImage(rows * columns, seed: 5), b = randomImage(rows * columns, seed: 6)
        let (_, g) = LocalNormalizedCrossCorrelation.valueAndGradient(fixed: a, moving: b, rows: rows, columns: columns, radius: 2)
        for i in [0, 15, 50, 83, 130, 167] {
            var plus = b, minus = b
            plus[i] += 1e-2; minus[i] -= 1e-2
            let numeric = (LocalNormalizedCrossCorrelation.value(fixed: a, moving: plus, rows: rows, columns: columns, radius: 2)
                - LocalNormalizedCrossCorrelation.value(fixed: a, moving: minus, rows: rows, columns: columns, radius: 2)) / 2e-2
            XCTAssertEqual(Double(g[i]), numeric, accuracy: 2e-4 + 2e-2 * abs(numeric), "pixel \(i)")
        }
    }

    func testMaskedLNCCScoresOnlyWindowsCentredInTheMask() {
        let rows = 20, columns = 24, radius = 2
        let a = randomImage(rows * columns, seed: 7), noise = randomImage(rows * columns, seed: 8)
        // b = 2a (LNCC 1) within 2 px of the mask's 6×8 block, unrelated noise elsewhere.
        var b = noise, mask = [Bool](repeating: false, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                if (6..<12).contains(r), (8..<16).contains(c) { mask[r * columns + c] = true }
                if (6 - radius..<12 + radius).contains(r), (8 - radius..<16 + radius).contains(c) { b[r * columns + c] = 2 * a[r * columns + c] }
            }
        }
        let masked = LocalNormalizedCrossCorrelation.value(fixed: a, moving: b, rows: rows, columns: columns, radius: radius, mask: mask)
        let whole = LocalNormalizedCrossCorrelation.value(fixed: a, moving: b, rows: rows, columns: columns, radius: radius)
        XCTAssertGreaterThan(masked, 0.999)
        XCTAssertLessThan(whole, 0.6)
    }

    func testMaskedLNCCGradientMatchesFiniteDifferencesAndVanishesFarFromTheMask() {
        let rows = 12, columns = 14, radius = 2
        let a = randomImage(rows * columns, seed: 9), b = randomImage(rows * columns, seed: 10)
        var mask = [Bool](repeating: false, count: rows * columns)
        for r in 3..<7 { for c in 4..<9 { mask[r * columns + c] = true } }
        func value(_ m: [Float]) -> Double {
            LocalNormalizedCrossCorrelation.value(fixed: a, moving: m, rows: rows, columns: columns, radius: radius, mask: mask)
        }
        let (v, g) = LocalNormalizedCrossCorrelation.valueAndGradient(fixed: a, moving: b, rows: rows, columns: columns, radius: radius, mask: mask)
        XCTAssertEqual(v, value(b), accuracy: 1e-12)
        for i in [1 * columns + 2, 4 * columns + 5, 6 * columns + 10, 8 * columns + 8] {
            var plus = b, minus = b
            plus[i] += 1e-2; minus[i] -= 1e-2
            let numeric = (value(plus) - value(minus)) / 2e-2
            XCTAssertEqual(Double(g[i]), numeric, accuracy: 2e-4 + 2e-2 * abs(numeric), "pixel \(i)")
        }
        // Row 10 is 4 rows below the mask: no scored window (radius 2) reaches it.
        XCTAssertTrue((0..<columns).allSatisfy { g[10 * columns + $0] == 0 })
    }
}
