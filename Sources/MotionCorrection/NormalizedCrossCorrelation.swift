import MyoFlowCore

/// Global normalised cross-correlation between a fixed and a moving image over a set of pixels.
///
/// NCC = Σ(a−ā)(b−b̄) / √(Σ(a−ā)² Σ(b−b̄)²), invariant to a positive linear intensity change of
/// either image; 0 when either image is constant over the pixels.
public enum NormalizedCrossCorrelation {
    /// NCC of `fixed` and `moving` over the pixels where `weights` is non-zero (all when nil).
    public static func value(fixed: [Float], moving: [Float], mask: [Bool]? = nil) -> Double {
        evaluate(fixed: fixed, moving: moving, mask: mask, wantGradient: false).value
    }

    /// NCC and its derivative with respect to each moving pixel:
    /// ∂NCC/∂bᵢ = (aᵢ−ā)/√(SaaSbb) − NCC·(bᵢ−b̄)/Sbb for pixels in the mask, 0 elsewhere.
    public static func valueAndGradient(fixed: [Float], moving: [Float], mask: [Bool]? = nil) -> (value: Double, gradient: [Float]) {
        let r = evaluate(fixed: fixed, moving: moving, mask: mask, wantGradient: true)
        return (r.value, r.gradient)
    }

    static func evaluate(fixed: [Float], moving: [Float], mask: [Bool]?, wantGradient: Bool) -> (value: Double, gradient: [Float]) {
        precondition(fixed.count == moving.count && (mask?.count ?? fixed.count) == fixed.count, "NCC of arrays of different sizes")
        var sa = 0.0, sb = 0.0, n = 0.0
        for i in fixed.indices where mask?[i] ?? true { sa += Double(fixed[i]); sb += Double(moving[i]); n += 1 }
        guard n > 1 else { return (0, wantGradient ? [Float](repeating: 0, count: fixed.count) : []) }
        let ma = sa / n, mb = sb / n
        var saa = 0.0, sbb = 0.0, sab = 0.0
        for i in fixed.indices where mask?[i] ?? true {
            let a = Double(fixed[i]) - ma, b = Double(moving[i]) - mb
            saa += a * a; sbb += b * b; sab += a * b
        }
        guard saa > 0, sbb > 0 else { return (0, wantGradient ? [Float](repeating: 0, count: fixed.count) : []) }
        let denominator = (saa * sbb).squareRoot()
        let ncc = sab / denominator
        guard wantGradient else { return (ncc, []) }
        var g = [Float](repeating: 0, count: fixed.count)
        for i in fixed.indices where mask?[i] ?? true {
            g[i] = Float((Double(fixed[i]) - ma) / denominator - ncc * (Double(moving[i]) - mb) / sbb)
        }
        return (ncc, g)
    }
}

/// Local normalised cross-correlation (squared, as MONAI's LocalNormalizedCrossCorrelationLoss
/// with a box kernel): the mean over pixels x of LNCC(x) = σ_ab(x)² / (σ_aa(x)·σ_bb(x) + ε²), with
/// window sums over the (2·radius+1)² box around x and ε = varianceFloor × the largest window
/// variance. Robust to spatially varying contrast. With a mask, x runs over the mask's pixels only
/// (windows centred outside it neither score nor pull), so a region can be matched on its own.
public enum LocalNormalizedCrossCorrelation {
    /// Mean LNCC over the image (the mask's pixels when given), in [0, 1].
    public static func value(fixed: [Float], moving: [Float], rows: Int, columns: Int, radius: Int, mask: [Bool]? = nil,
                             varianceFloor: Float = 1e-5) -> Double {
        evaluate(fixed: fixed, moving: moving, rows: rows, columns: columns, radius: radius, mask: mask, varianceFloor: varianceFloor,
                 wantGradient: false).value
    }

    /// Mean LNCC and its exact derivative with respect to each moving pixel. With
    /// α(x) = 2σ_ab/(σ_aaσ_bb), β(x) = α·σ_ab/σ_bb (window statistics at x), each window
    /// containing y contributes α(x)(a_y − ā_x) − β(x)(b_y − b̄_x), so
    /// ∂L/∂b_y = [a_y·Box(α) − Box(α·ā) − b_y·Box(β) + Box(β·b̄)](y) / N.
    public static func valueAndGradient(fixed: [Float], moving: [Float], rows: Int, columns: Int, radius: Int, mask: [Bool]? = nil,
                                        varianceFloor: Float = 1e-5) -> (value: Double, gradient: [Float]) {
        evaluate(fixed: fixed, moving: moving, rows: rows, columns: columns, radius: radius, mask: mask, varianceFloor: varianceFloor,
                 wantGradient: true)
    }

    static func evaluate(fixed: [Float], moving: [Float], rows: Int, columns: Int, radius: Int, mask: [Bool]? = nil,
                         varianceFloor: Float = 1e-5, wantGradient: Bool) -> (value: Double, gradient: [Float]) {
        let n = rows * columns
        precondition(fixed.count == n && moving.count == n && (mask?.count ?? n) == n, "LNCC of arrays of different sizes")
        let scored = mask?.reduce(0) { $1 ? $0 + 1 : $0 } ?? n
        guard scored > 0 else { return (0, wantGradient ? [Float](repeating: 0, count: n) : []) }
        var ab = [Float](repeating: 0, count: n), aa = ab, bb = ab
        for i in 0..<n { ab[i] = fixed[i] * moving[i]; aa[i] = fixed[i] * fixed[i]; bb[i] = moving[i] * moving[i] }
        let ones = [Float](repeating: 1, count: n)
        let count = BoxFilter.sum(ones, rows: rows, columns: columns, radius: radius)
        let sa = BoxFilter.sum(fixed, rows: rows, columns: columns, radius: radius)
        let sb = BoxFilter.sum(moving, rows: rows, columns: columns, radius: radius)
        let saa = BoxFilter.sum(aa, rows: rows, columns: columns, radius: radius)
        let sbb = BoxFilter.sum(bb, rows: rows, columns: columns, radius: radius)
        let sab = BoxFilter.sum(ab, rows: rows, columns: columns, radius: radius)
        // ε = floor × the largest window variance keeps flat windows from dividing by zero; a
        // larger floor down-weights low-contrast windows (whose faint structure is mostly noise).
        var maxVar: Float = 0
        var varA = [Float](repeating: 0, count: n), varB = varA, cross = varA, meanA = varA, meanB = varA
        for i in 0..<n {
            let k = count[i]
            meanA[i] = sa[i] / k; meanB[i] = sb[i] / k
            varA[i] = max(saa[i] - sa[i] * meanA[i], 0)
            varB[i] = max(sbb[i] - sb[i] * meanB[i], 0)
            cross[i] = sab[i] - sa[i] * meanB[i]
            if mask?[i] ?? true { maxVar = max(maxVar, varA[i], varB[i]) }
        }
        let eps = max(maxVar * varianceFloor, Float.leastNormalMagnitude)
        var total = 0.0
        var alpha = [Float](repeating: 0, count: wantGradient ? n : 0), beta = alpha
        for i in 0..<n where mask?[i] ?? true {
            let denominator = varA[i] * varB[i] + eps * eps
            total += Double(cross[i] * cross[i] / denominator)
            if wantGradient {
                // Exact with ε: α = 2σ_ab/D, β = α·σ_ab·σ_aa/D (→ α·σ_ab/σ_bb as ε → 0).
                alpha[i] = 2 * cross[i] / denominator
                beta[i] = alpha[i] * cross[i] * varA[i] / denominator
            }
        }
        let value = total / Double(scored)
        guard wantGradient else { return (value, []) }
        var alphaMeanA = alpha, betaMeanB = beta
        for i in 0..<n { alphaMeanA[i] *= meanA[i]; betaMeanB[i] *= meanB[i] }
        let boxAlpha = BoxFilter.sum(alpha, rows: rows, columns: columns, radius: radius)
        let boxBeta = BoxFilter.sum(beta, rows: rows, columns: columns, radius: radius)
        let boxAlphaA = BoxFilter.sum(alphaMeanA, rows: rows, columns: columns, radius: radius)
        let boxBetaB = BoxFilter.sum(betaMeanB, rows: rows, columns: columns, radius: radius)
        var g = [Float](repeating: 0, count: n)
        let scale = 1 / Float(scored)
        for i in 0..<n {
            g[i] = (fixed[i] * boxAlpha[i] - boxAlphaA[i] - moving[i] * boxBeta[i] + boxBetaB[i]) * scale
        }
        return (value, g)
    }
}
