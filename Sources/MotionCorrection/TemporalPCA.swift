import MyoFlowCore
import Numerics

/// Temporal principal component analysis of an image series: the synthetic, motion-suppressed
/// reference of the 3-stage scheme (stage 2 uses k = 3, stage 3 k = 2; Scannell 2024 / seed §Registration approach).
///
/// The series is a frames × pixels matrix X. Mean handling: the temporal mean image μ (mean over
/// the fitted frames of each pixel) is subtracted first and added back, so a "k-component"
/// reference is μ plus k principal components (rank ≤ k + 1 overall). The temporal basis comes
/// from the eigen-decomposition of the frames × frames matrix C = X̃_R·X̃_Rᵀ (X̃ = X − 1μᵀ, restricted
/// to the pixels R of an optional region, e.g. the heart crop): C·v_j = λ_j·v_j. The eigenimages
/// φ_j = X̃ᵀ·v_j / √λ_j are orthonormal over R and defined on every pixel. The reference of a
/// frame x is μ + Σ_j ⟨x − μ, φ_j⟩_R·φ_j; for a fitted frame f this equals (μ + V·Vᵀ·X̃)_f, the
/// rank-k reconstruction. Frames left out of the fit (outliers) are projected the same way.
///
/// Cost: one F×R×F single-precision GEMM, an F×F eigen-decomposition and a k×F×P GEMM; with the
/// reconstruction of every frame ~0.15 s for 120 frames of 128² (MocoBenchmark, 2-core VM).
public struct TemporalPCA: Sendable {
    public let rows: Int
    public let columns: Int
    /// Number of components kept (≤ requested; components with λ ≤ 1e-10·λ_max are dropped).
    public let componentCount: Int
    /// Temporal mean image over the fitted frames, rows × columns.
    public let mean: [Float]
    /// Eigenimages φ_j, componentCount × (rows·columns), row j the j-th largest component.
    public let eigenimages: [Float]
    /// λ_j of the kept components, descending (sum of squares over the region).
    public let eigenvalues: [Double]
    /// All eigenvalues of C, descending: the explained-variance spectrum.
    public let spectrum: [Double]
    /// Pixels (row-major indices) the basis was fitted and projections are taken on.
    public let regionIndices: [Int]

    /// Fits the basis on `frames` (indices into the series, all when nil) of a series.
    /// - Throws: `tooFewFrames` with fewer than 2 fitted frames, `invalidParameter` for k < 1 or
    ///   an empty region, `decompositionFailed` when LAPACK fails (NaN pixels).
    public init(series: ImageSeries, frames: [Int]? = nil, components: Int, region: Mask? = nil) throws {
        let selected = frames ?? Array(0..<series.frames)
        let p = series.pixelsPerFrame
        var x = [Float](repeating: 0, count: selected.count * p)
        for (i, f) in selected.enumerated() {
            guard (0..<series.frames).contains(f) else {
                throw MotionCorrectionError.invalidParameter(name: "frames", detail: "frame \(f) outside 0..<\(series.frames) of '\(series.displayName)'")
            }
            x.replaceSubrange(i * p..<(i + 1) * p, with: series.pixels[f * p..<(f + 1) * p])
        }
        try self.init(matrix: x, frames: selected.count, rows: series.rows, columns: series.columns,
                      components: components, region: region, name: series.seriesDescription)
    }

    /// Fits the basis on a frames × (rows·columns) row-major matrix.
    public init(matrix: [Float], frames: Int, rows: Int, columns: Int, components: Int, region: Mask? = nil, name: String = "") throws {
        let p = rows * columns
        guard frames >= 2 else { throw MotionCorrectionError.tooFewFrames(series: name, needed: 2, got: frames) }
        guard matrix.count == frames * p else {
            throw MotionCorrectionError.gridMismatch("PCA matrix has \(matrix.count) values, expected \(frames)×\(rows)×\(columns)")
        }
        guard components >= 1 else { throw MotionCorrectionError.invalidParameter(name: "components", detail: "must be ≥ 1, got \(components)") }
        if let region, region.rows != rows || region.columns != columns {
            throw MotionCorrectionError.gridMismatch("PCA region is \(region.rows)×\(region.columns), series is \(rows)×\(columns)")
        }
        let regionIndices = region.map { m in m.values.indices.filter { m.values[$0] } } ?? Array(0..<p)
        guard regionIndices.count >= 1 else { throw MotionCorrectionError.invalidParameter(name: "region", detail: "the PCA region mask is empty") }
        for f in 0..<frames where !matrix[f * p..<(f + 1) * p].allSatisfy(\.isFinite) {
            throw MotionCorrectionError.nonFinite(series: name, frame: f)
        }

        // Temporal mean, accumulated in Double.
        var meanD = [Double](repeating: 0, count: p)
        for f in 0..<frames { for i in 0..<p { meanD[i] += Double(matrix[f * p + i]) } }
        let mean = meanD.map { Float($0 / Double(frames)) }
        var centred = matrix
        for f in 0..<frames { for i in 0..<p { centred[f * p + i] -= mean[i] } }

        // C = X̃_R·X̃_Rᵀ (frames × frames).
        let r = regionIndices.count
        var xr = [Float](repeating: 0, count: frames * r)
        for f in 0..<frames { for (j, i) in regionIndices.enumerated() { xr[f * r + j] = centred[f * p + i] } }
        var c = [Float](repeating: 0, count: frames * frames)
        xr.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { out in
                BLAS.sgemm(transposeB: true, m: frames, n: frames, k: r, a: a.baseAddress!, lda: r,
                           b: a.baseAddress!, ldb: r, c: out.baseAddress!, ldc: frames)
            }
        }
        var cd = Matrix<Double>(rows: frames, columns: frames)
        for i in 0..<frames { for j in 0..<frames { cd[i, j] = 0.5 * Double(c[i * frames + j] + c[j * frames + i]) } }
        let eigen: SymmetricEigen
        do { eigen = try SymmetricEigen(cd) } catch { throw MotionCorrectionError.decompositionFailed("\(name): \(error)") }
        let spectrum = Array(eigen.values.reversed()).map { max($0, 0) }
        let lambdaMax = spectrum.first ?? 0
        let keep = Array(0..<min(components, frames)).filter { spectrum[$0] > 1e-10 * lambdaMax && spectrum[$0] > 0 }
        let k = keep.count

        // φ_j = X̃ᵀ·v_j / √λ_j on all pixels: (k × F)·(F × P) GEMM.
        var vt = [Float](repeating: 0, count: max(k, 1) * frames)
        for (j, index) in keep.enumerated() {
            let column = frames - 1 - index // ascending order from LAPACK
            let s = spectrum[index].squareRoot()
            for f in 0..<frames { vt[j * frames + f] = Float(eigen.vectors[f, column] / s) }
        }
        var phi = [Float](repeating: 0, count: k * p)
        if k > 0 {
            vt.withUnsafeBufferPointer { a in
                centred.withUnsafeBufferPointer { b in
                    phi.withUnsafeMutableBufferPointer { out in
                        BLAS.sgemm(m: k, n: p, k: frames, a: a.baseAddress!, lda: frames, b: b.baseAddress!, ldb: p,
                                   c: out.baseAddress!, ldc: p)
                    }
                }
            }
        }
        self.rows = rows
        self.columns = columns
        self.componentCount = k
        self.mean = mean
        self.eigenimages = phi
        self.eigenvalues = keep.map { spectrum[$0] }
        self.spectrum = spectrum
        self.regionIndices = regionIndices
    }

    /// The coefficients ⟨x − μ, φ_j⟩ over the region of one frame (rows·columns values).
    public func coefficients(of frame: [Float]) -> [Double] {
        precondition(frame.count == rows * columns, "frame size does not match the PCA basis")
        let p = rows * columns
        return (0..<componentCount).map { j in
            var s = 0.0
            for i in regionIndices { s += Double(frame[i] - mean[i]) * Double(eigenimages[j * p + i]) }
            return s
        }
    }

    /// The reference (rank-k reconstruction) of one frame: μ + Σ_j ⟨x − μ, φ_j⟩_R·φ_j.
    public func reconstruct(_ frame: [Float]) -> [Float] {
        let p = rows * columns
        let a = coefficients(of: frame)
        var out = mean
        for j in 0..<componentCount {
            let w = Float(a[j])
            for i in 0..<p { out[i] += w * eigenimages[j * p + i] }
        }
        return out
    }

    /// The reference series: every frame of `series` replaced by its reconstruction.
    public func reconstruct(_ series: ImageSeries) throws -> ImageSeries {
        guard series.rows == rows, series.columns == columns else {
            throw MotionCorrectionError.gridMismatch("series '\(series.displayName)' is \(series.rows)×\(series.columns), PCA basis is \(rows)×\(columns)")
        }
        var out = series
        let p = rows * columns
        let frames = try parallelMap(series.frames) { f in reconstruct(Array(series.pixels[f * p..<(f + 1) * p])) }
        for f in 0..<series.frames { out.pixels.replaceSubrange(f * p..<(f + 1) * p, with: frames[f]) }
        return out
    }

    /// Convenience: the k-component PCA reference of the given frames of a series (frames not
    /// fitted keep their own projection), as one call.
    public static func reference(of series: ImageSeries, components: Int, fittedFrames: [Int]? = nil, region: Mask? = nil) throws -> ImageSeries {
        try TemporalPCA(series: series, frames: fittedFrames, components: components, region: region).reconstruct(series)
    }
}
