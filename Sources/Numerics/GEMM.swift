import CBLAS

/// General matrix products through OpenBLAS.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C on raw row-major buffers (the hot-loop entry point, e.g. im2col
    /// convolutions). op(A) is m×k, op(B) k×n, C m×n; leading dimensions are row strides.
    @inlinable
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// A·B for Float matrices.
    public static func multiply(_ a: Matrix<Float>, _ b: Matrix<Float>) -> Matrix<Float> {
        precondition(a.columns == b.rows, "multiply: \(a.rows)×\(a.columns) by \(b.rows)×\(b.columns)")
        var out = Matrix<Float>(rows: a.rows, columns: b.columns)
        guard a.rows > 0, b.columns > 0, a.columns > 0 else { return out }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                out.values.withUnsafeMutableBufferPointer { pc in
                    sgemm(m: a.rows, n: b.columns, k: a.columns, a: pa.baseAddress!, lda: a.columns,
                          b: pb.baseAddress!, ldb: b.columns, c: pc.baseAddress!, ldc: b.columns)
                }
            }
        }
        return out
    }

    /// A·B for Double matrices.
    public static func multiply(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
        precondition(a.columns == b.rows, "multiply: \(a.rows)×\(a.columns) by \(b.rows)×\(b.columns)")
        var out = Matrix<Double>(rows: a.rows, columns: b.columns)
        guard a.rows > 0, b.columns > 0, a.columns > 0 else { return out }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                out.values.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(a.rows), blasint(b.columns),
                                blasint(a.columns), 1, pa.baseAddress!, blasint(a.columns), pb.baseAddress!,
                                blasint(b.columns), 0, pc.baseAddress!, blasint(b.columns))
                }
            }
        }
        return out
    }

    /// Number of threads OpenBLAS uses. Set 1 when the caller parallelises itself.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
