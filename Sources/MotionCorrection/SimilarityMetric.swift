/// The similarity an iterative registration maximises.
public enum SimilarityMetric: Sendable, Equatable {
    /// Global NCC over the mask: invariant to one linear intensity change of the whole image.
    case ncc
    /// Mean local NCC over the image with a (2·radius+1)² box window at full resolution (the
    /// radius halves per pyramid level, at least 2): invariant to spatially varying linear
    /// intensity changes, so robust to contrast passage. `masked`: the mean over the mask's pixels
    /// (PD alignment on the heart); otherwise the mask is ignored: the iterative stage 1 keeps the
    /// whole window's context (on a heart-only region it absorbed a mistriggered frame's shape
    /// change in the synthetic outlier test, and the outlier check missed the frame).
    case lncc(radius: Int, masked: Bool = false)

    /// The metric at pyramid level l (LNCC window scaled with the image).
    func atLevel(_ level: Int) -> SimilarityMetric {
        switch self {
        case .ncc: return .ncc
        case let .lncc(radius, masked): return .lncc(radius: max(2, radius >> level), masked: masked)
        }
    }

    /// Value and (optionally) the derivative with respect to each moving pixel.
    func evaluate(fixed: [Float], moving: [Float], rows: Int, columns: Int, mask: [Bool]?, wantGradient: Bool) -> (value: Double, gradient: [Float]) {
        switch self {
        case .ncc:
            return NormalizedCrossCorrelation.evaluate(fixed: fixed, moving: moving, mask: mask, wantGradient: wantGradient)
        case let .lncc(radius, masked):
            return LocalNormalizedCrossCorrelation.evaluate(fixed: fixed, moving: moving, rows: rows, columns: columns, radius: radius,
                                                            mask: masked ? mask : nil, wantGradient: wantGradient)
        }
    }
}
