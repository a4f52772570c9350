import Numerics
import XCTest

final class DecompositionsTests: XCTestCase {
    func testEigenvaluesOfKnownSymmetricMatrix() throws {
        // [[2, 1, 0], [1, 2, 1], [0, 1, 2]] has eigenvalues 2 − √2, 2, 2 + √2.
        let m = Matrix<Double>(rows: 3, columns: 3, values: [2, 1, 0, 1, 2, 1, 0, 1, 2])
        let eig = try SymmetricEigen(m)
        XCTAssertEqual(eig.values[0], 2 - 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(eig.values[1], 2, accuracy: 1e-12)
        XCTAssertEqual(eig.values[2], 2 + 2.0.squareRoot(), accuracy: 1e-12)
        // A·v = λ·v for every column.
        for j in 0..<3 {
            for i in 0..<3 {
                let av = (0..<3).reduce(0.0) { $0 + m[i, $1] * eig.vectors[$1, j] }
                XCTAssertEqual(av, eig.values[j] * eig.vectors[i, j], accuracy: 1e-12)
            }
        }
    }

    func testSVDReconstructsAndOrdersSingularValues() throws {
        let m = Matrix<Double>(rows: 4, columns: 3, values: [3, 1, 1, -1, 3, 1, 2, 0, 5, 1, 1, 1])
        let svd = try SingularValueDecomposition(m)
        XCTAssertEqual(svd.singularValues, svd.singularValues.sorted(by: >))
        for i in 0..<4 {
            for j in 0..<3 {
                let value = (0..<3).reduce(0.0) { $0 + svd.u[i, $1] * svd.singularValues[$1] * svd.vt[$1, j] }
                XCTAssertEqual(value, m[i, j], accuracy: 1e-12)
            }
        }
        // Frobenius norm² equals the sum of squared singular values.
        XCTAssertEqual(svd.singularValues.map { $0 * $0 }.reduce(0, +), m.values.map { $0 * $0 }.reduce(0, +), accuracy: 1e-9)
    }

    func testRejectsNonSquareAndNonFinite() {
        XCTAssertThrowsError(try SymmetricEigen(Matrix<Double>(rows: 2, columns: 3)))
        XCTAssertThrowsError(try SymmetricEigen(Matrix<Double>(rows: 1, columns: 1, values: [.nan])))
        XCTAssertThrowsError(try SingularValueDecomposition(Matrix<Double>(rows: 1, columns: 2, values: [1, .infinity])))
    }
}
