import MyoFlowCore

/// What preprocessing finds in one slice, on the slice's native pixel grid, in the geometry of
/// `referenceFrame` (the motion-correction reference when MoCo ran, else the peak-LV frame).
public struct SliceAnatomy: Sendable, Equatable {
    /// 0 background, 1 LV blood (papillary muscles included), 2 myocardium, 3 RV blood.
    public var labels: LabelMap
    public var lvCentre: PixelPosition
    public var rvInsertions: RVInsertions?
    /// Frames are 0-based over all frames of the series, PD frames included.
    public var peakLVFrame: Int
    public var referenceFrame: Int
    /// Tight box of the LV myocardium (epicardial extent), native pixels.
    public var boundingBox: PixelBox?
    /// Plausibility findings (e.g. a broken myocardial ring); empty when all checks pass.
    public var warnings: [String]

    public init(labels: LabelMap, lvCentre: PixelPosition, rvInsertions: RVInsertions?, peakLVFrame: Int,
                referenceFrame: Int, boundingBox: PixelBox?, warnings: [String] = []) {
        self.labels = labels
        self.lvCentre = lvCentre
        self.rvInsertions = rvInsertions
        self.peakLVFrame = peakLVFrame
        self.referenceFrame = referenceFrame
        self.boundingBox = boundingBox
        self.warnings = warnings
    }
}

/// Finds the anatomy of a slice. The learned finder (U-Net on the LV crop) is the product's;
/// tests of later stages may supply ground truth through the same protocol.
public protocol SliceAnatomyFinder: Sendable {
    /// The anatomy of `referenceFrame` (nil: the peak-LV frame) of `series`, in that frame's geometry.
    func find(in series: ImageSeries, referenceFrame: Int?) throws -> SliceAnatomy

    /// The anatomy of a motion-corrected `series`, whose frames all share the geometry of
    /// `referenceFrame`: a finder may read whichever frame shows the anatomy best; the result
    /// describes that geometry and reports `referenceFrame`. Default: `find(in:referenceFrame:)`.
    func findAligned(in series: ImageSeries, referenceFrame: Int) throws -> SliceAnatomy
}

extension SliceAnatomyFinder {
    public func findAligned(in series: ImageSeries, referenceFrame: Int) throws -> SliceAnatomy {
        try find(in: series, referenceFrame: referenceFrame)
    }
}
