import MyoFlowCore

/// One image pair of an affine stage: estimate the transform that aligns `moving` (a native
/// frame) to `fixed`, starting from `initial` (the transform of the earlier stages).
public struct AffinePair: Sendable {
    public var fixed: Image2D
    public var moving: Image2D
    public var initial: AffineTransform2D
    public init(fixed: Image2D, moving: Image2D, initial: AffineTransform2D = .identity) {
        self.fixed = fixed; self.moving = moving; self.initial = initial
    }
}

/// An affine stage of the 3-stage scheme. Implementations return, per pair, the *composed*
/// transform θ such that moving(θ·x) ≈ fixed(x). A network estimator resamples `moving` with
/// `initial`, predicts an increment Δ (GlobalNet) and returns `initial.followed(by: Δ)`; the
/// iterative estimator optimises the composed transform directly from `initial`. Estimators
/// receive whole stages at once so a network can batch them.
public protocol AffineStageEstimator: Sendable {
    func estimate(_ pairs: [AffinePair]) throws -> [AffineTransform2D]
}

/// The non-rigid stage: per pair, the residual field v on the fixed grid such that
/// moving(A(x + v(x))) ≈ fixed(x) with A = `initial`; the total field is
/// `A.displacementField.followed(by: v)`. A network estimator warps `moving` with A and predicts
/// v (LocalNet DDF, MONAI convention).
public protocol NonRigidStageEstimator: Sendable {
    func estimate(_ pairs: [AffinePair]) throws -> [DisplacementField]
}

/// Anything that motion-corrects one series (a slice's perfusion series or the AIF series).
public protocol MotionCorrector: Sendable {
    var method: MotionCorrectionMethod { get }
    func correct(_ series: ImageSeries, progress: any ProgressSink) throws -> SeriesRegistration
}
