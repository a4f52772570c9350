import CLAPACKE

/// Errors from LAPACK routines.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    case notSquare(rows: Int, columns: Int)
    case nonFinite(String)
    case lapack(routine: String, info: Int32)

    public var description: String {
        switch self {
        case let .notSquare(r, c): return "expected a square matrix, got \(r)×\(c)"
        case let .nonFinite(what): return "\(what) contains NaN or infinity"
        case let .lapack(routine, info): return "\(routine) failed (info \(info))"
        }
    }
}

/// Eigen-decomposition of a real symmetric matrix: `values` ascending, `vectors` column j the
/// unit eigenvector of `values[j]` (A·v = λ·v).
public struct SymmetricEigen: Sendable {
    public let values: [Double]
    public let vectors: Matrix<Double>

    /// Decomposes `matrix` (only its upper triangle is read) with LAPACK dsyevd.
    public init(_ matrix: Matrix<Double>) throws {
        guard matrix.rows == matrix.columns else {
            throw LinearAlgebraError.notSquare(rows: matrix.rows, columns: matrix.columns)
        }
        guard matrix.values.allSatisfy(\.isFinite) else { throw LinearAlgebraError.nonFinite("symmetric matrix") }
        let n = matrix.rows
        var a = matrix.values
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                                  Int32(n), &a, Int32(n), &w)
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "dsyevd", info: info) }
        values = w
        vectors = Matrix(rows: n, columns: n, values: a)
    }
}

/// Thin singular value decomposition A = U·diag(s)·Vᵀ with s descending; U is m×k, Vᵀ is k×n,
/// k = min(m, n).
public struct SingularValueDecomposition: Sendable {
    public let u: Matrix<Double>
    public let singularValues: [Double]
    public let vt: Matrix<Double>

    /// Decomposes `matrix` with LAPACK dgesdd.
    public init(_ matrix: Matrix<Double>) throws {
        guard matrix.values.allSatisfy(\.isFinite) else { throw LinearAlgebraError.nonFinite("matrix") }
        let m = matrix.rows, n = matrix.columns, k = min(m, n)
        var a = matrix.values
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: m * k)
        var vt = [Double](repeating: 0, count: k * n)
        let info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "S")), Int32(m), Int32(n), &a,
                                  Int32(n), &s, &u, Int32(k), &vt, Int32(n))
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "dgesdd", info: info) }
        self.u = Matrix(rows: m, columns: k, values: u)
        singularValues = s
        self.vt = Matrix(rows: k, columns: n, values: vt)
    }
}
