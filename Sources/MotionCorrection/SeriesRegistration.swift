import MyoFlowCore

/// How a series was motion-corrected.
public enum MotionCorrectionMethod: String, Sendable, Codable, CaseIterable {
    /// Trained networks (GlobalNet ×2, LocalNet) in the 3-stage scheme (seed: Schüler 2026).
    case deep
    /// Optimisation-based registration in the same 3-stage scheme (the QA comparator).
    case iterative
    /// No correction (identity transforms); the "No MoCo" arm of the QA comparison.
    case none
}

/// Per-frame outcome of motion correction of one series; identical in shape whichever method
/// produced it, so later stages and the QA metrics never depend on the method.
///
/// Conventions: frames are 0-based over all frames of the series, PD included. `affines[f]` is
/// the composed affine of stages 1–2 (MONAI θ on the index grid: frame f sampled at θ·[r, c, 1]ᵀ);
/// `fields[f]` is the total pull-back field (affine followed by the non-rigid residual):
/// corrected[f](r, c) = original[f](r + u₀, c + u₁), bilinear, border padding. `corrected` is the
/// native series warped once with `fields`.
public struct SeriesRegistration: Sendable {
    public var method: MotionCorrectionMethod
    /// Frame every other frame was aligned to in stage 1.
    public var referenceFrame: Int
    public var affines: [AffineTransform2D]
    public var fields: [DisplacementField]
    public var corrected: ImageSeries
    /// Residual outlier analysis of the dynamic frames (PD frames are never flagged).
    public var outliers: OutlierReport
    /// Frames excluded from the PCA references and recommended for exclusion from later fits
    /// (empty unless exclusion was requested).
    public var excludedFrames: [Int]
    /// Wall time per stage, seconds (stage names as keys: "stage1", "stage2", "stage3", "pd").
    public var stageSeconds: [String: Double]

    public init(method: MotionCorrectionMethod, referenceFrame: Int, affines: [AffineTransform2D], fields: [DisplacementField],
                corrected: ImageSeries, outliers: OutlierReport, excludedFrames: [Int] = [], stageSeconds: [String: Double] = [:]) {
        self.method = method
        self.referenceFrame = referenceFrame
        self.affines = affines
        self.fields = fields
        self.corrected = corrected
        self.outliers = outliers
        self.excludedFrames = excludedFrames
        self.stageSeconds = stageSeconds
    }

    /// The identity registration ("No MoCo"): every frame unchanged.
    public static func identity(of series: ImageSeries) -> SeriesRegistration {
        SeriesRegistration(method: .none, referenceFrame: MotionCorrectionConfiguration.defaultReferenceFrame(of: series),
                           affines: Array(repeating: .identity, count: series.frames),
                           fields: Array(repeating: DisplacementField(rows: series.rows, columns: series.columns), count: series.frames),
                           corrected: series, outliers: OutlierReport(frames: [], residuals: [], robustZ: [], threshold: 0))
    }
}

/// Settings shared by every method's 3-stage scheme.
public struct MotionCorrectionConfiguration: Sendable, Equatable {
    /// Stage-1 reference: this many dynamic frames before the last one (seed: 10).
    public var referenceOffsetFromEnd: Int
    /// Explicit stage-1 reference frame (overrides the offset when set).
    public var referenceFrame: Int?
    /// PCA components of the stage-2 (affine) and stage-3 (non-rigid) references (seed: 3, 2).
    public var stage2Components: Int
    public var stage3Components: Int
    /// Pixels where similarity and PCA are evaluated (e.g. the heart crop from preprocessing);
    /// nil = the whole image.
    public var region: Mask?
    /// Pixels where PD frames are matched to the corrected series (`PDAlignment`); nil = `region`.
    public var pdRegion: Mask?
    /// Robust z-score above which a dynamic frame is an outlier (`OutlierReport.robustZ`; 5 chosen
    /// on phantom studies, see `OutlierDetection.neighbourExcess`).
    public var outlierThreshold: Double
    /// Drop outlier frames from the stage-3 PCA reference (and re-run stage 3), and list them
    /// in `excludedFrames` for later fits.
    public var excludeOutliers: Bool
    /// Align PD frames to the corrected series (contrast-robust scheme; see `PDAlignment`).
    public var alignPDFrames: Bool
    /// Frames whose stage-2 residual against the stage-3 PCA reference is an outlier keep their
    /// affine transform (no non-rigid stage).
    public var nonRigidSkipsOutliers: Bool
    /// Stages 2 and 3 keep, per frame, only estimates that match their reference better than the
    /// estimate they refine (`RefinementGate`); off gives the plain one-shot chain.
    public var gateRefinements: Bool

    public init(referenceOffsetFromEnd: Int = 10, referenceFrame: Int? = nil, stage2Components: Int = 3, stage3Components: Int = 2,
                region: Mask? = nil, outlierThreshold: Double = 5, excludeOutliers: Bool = false, alignPDFrames: Bool = true,
                nonRigidSkipsOutliers: Bool = true, gateRefinements: Bool = true, pdRegion: Mask? = nil) {
        self.pdRegion = pdRegion
        self.nonRigidSkipsOutliers = nonRigidSkipsOutliers
        self.gateRefinements = gateRefinements
        self.referenceOffsetFromEnd = referenceOffsetFromEnd
        self.referenceFrame = referenceFrame
        self.stage2Components = stage2Components
        self.stage3Components = stage3Components
        self.region = region
        self.outlierThreshold = outlierThreshold
        self.excludeOutliers = excludeOutliers
        self.alignPDFrames = alignPDFrames
    }

    /// The dynamic frame `offset` dynamics before the last (clamped to the first dynamic frame).
    public static func defaultReferenceFrame(of series: ImageSeries, offsetFromEnd offset: Int = 10) -> Int {
        let dynamic = series.dynamicFrameIndices
        guard !dynamic.isEmpty else { return 0 }
        return dynamic[max(0, dynamic.count - 1 - max(0, offset))]
    }
}
