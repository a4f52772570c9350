/// The similarity an iterative registration maximises.
public enum SimilarityMetric: Sendable, Equatable {
    /// Global NCC over the mask: invariant to one linear intensity change of the whole image.
    case ncc
    /// Mean local NCC over the image with a (2·radius+1)² box window at full resolution (the
    /// radius halves per pyramid level, at least 2): invariant to spatially varying linear
    /// intensity changes, so robust to contrast passage. Ignores the mask.
    case lncc(radius: Int)

    /// The metric at pyramid level l (LNCC window scaled with the image).
    func atLevel(_ level: Int) -> SimilarityMetric {
        switch self {
        case .ncc: return .ncc
        case let .lncc(radius): return .lncc(radius: max(2, radius >> level))
        }
    }

    /// Value and (optionally) the derivative with respect to each moving pixel.
    func evaluate(fixed: [Float], moving: [Float], rows: Int, columns: Int, mask: [Bool]?, wantGradient: Bool) -> (value: Double, gradient: [Float]) {
        switch self {
        case .ncc:
            return NormalizedCrossCorrelation.evaluate(fixed: fixed, moving: moving, mask: mask, wantGradient: wantGradient)
        case let .lncc(radius):
            return LocalNormalizedCrossCorrelation.evaluate(fixed: fixed, moving: moving, rows: rows, columns: columns, radius: radius, wantGradient: wantGradient)
        }
    }
}
