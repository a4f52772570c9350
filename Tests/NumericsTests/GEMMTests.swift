import Numerics
import XCTest

final class GEMMTests: XCTestCase {
    /// Deterministic pseudo-random values in [−1, 1).
    private func values(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2000) / 1000 - 1
        }
    }

    private func naive(_ a: Matrix<Float>, _ b: Matrix<Float>) -> Matrix<Float> {
        var out = Matrix<Float>(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows { for j in 0..<b.columns {
            var s: Double = 0
            for k in 0..<a.columns { s += Double(a[i, k]) * Double(b[k, j]) }
            out[i, j] = Float(s)
        } }
        return out
    }

    func testMultiplyMatchesNaiveProductOnOddShapes() {
        let a = Matrix(rows: 37, columns: 23, values: values(37 * 23, seed: 1))
        let b = Matrix(rows: 23, columns: 41, values: values(23 * 41, seed: 2))
        let fast = BLAS.multiply(a, b), slow = naive(a, b)
        for (x, y) in zip(fast.values, slow.values) { XCTAssertEqual(x, y, accuracy: 1e-4) }
    }

    func testRawSGEMMWithTransposeAndAccumulate() {
        // C = 2·Aᵀ·B + 1·C with A stored 3×2 (so Aᵀ is 2×3), B 3×2.
        let a: [Float] = [1, 2, 3, 4, 5, 6]
        let b: [Float] = [1, 0, 0, 1, 1, 1]
        var c: [Float] = [1, 1, 1, 1]
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in c.withUnsafeMutableBufferPointer { pc in
            BLAS.sgemm(transposeA: true, m: 2, n: 2, k: 3, alpha: 2, a: pa.baseAddress!, lda: 2,
                       b: pb.baseAddress!, ldb: 2, beta: 1, c: pc.baseAddress!, ldc: 2)
        } } }
        // Aᵀ·B = [[1+5, 3+5], [2+6, 4+6]] = [[6, 8], [8, 10]]
        XCTAssertEqual(c, [13, 17, 17, 21])
    }

    func testDoubleMultiplyAndIdentity() {
        let a = Matrix<Double>(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(BLAS.multiply(a, Matrix<Double>.identity(3)), a)
        XCTAssertEqual(BLAS.multiply(a, a.transposed).values, [14, 32, 32, 77])
    }

    func testThreadCountCanBeSet() {
        let old = BLAS.threadCount
        BLAS.threadCount = 1
        XCTAssertEqual(BLAS.threadCount, 1)
        BLAS.threadCount = old
    }
}
