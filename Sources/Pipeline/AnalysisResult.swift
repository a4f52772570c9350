import AIF
import Anatomy
import Kinetics
import MotionCorrection
import MyoFlowCore
import Preprocessing
import Reporting

/// Everything one slice contributed to an analysis, on the slice's native pixel grid.
public struct SliceAnalysis: Sendable {
    public var index: Int
    public var level: SliceLevel
    public var seriesDescription: String
    public var geometry: SliceGeometry
    public var rows: Int
    public var columns: Int
    public var anatomy: SliceAnatomy
    /// The corrected frame the anatomy describes (display background).
    public var referenceImage: Image2D
    public var motionMethod: MotionCorrectionMethod
    public var referenceFrame: Int
    /// Dynamic frames flagged as outliers by motion correction (0-based over all frames).
    public var outlierFrames: [Int]
    /// TIC smoothness (seed metric; lower is smoother) before and after correction.
    public var ticSmoothnessRaw: Double?
    public var ticSmoothnessCorrected: Double?
    /// SD of the min–max-normalised aligned PD frame in the myocardium (seed metric).
    public var pdMyocardialSD: Double?
    /// Tissue [Gd] times (dynamic frames), s.
    public var gdTimesSeconds: [Double]
    /// Pixel-wise Fermi maps (nil when pixel-wise fits were off).
    public var maps: PixelwiseFermiMaps?
    /// MBF per pixel, ml/min/g; NaN outside the myocardium and where the fit was rejected.
    public var acceptedMBF: [Float]
    /// AHA segment (1–16) per pixel, 0 outside the myocardium.
    public var segmentLabels: [UInt8]
    /// The segments used for statistics: `segmentLabels` on the myocardial core (border pixels 0).
    public var statisticsSegmentLabels: [UInt8]
    /// 1 endocardial, 2 epicardial half, 0 elsewhere.
    public var layerLabels: [UInt8]
    /// Fits of the mean curve of each AHA segment present on this slice.
    public var segmentFits: [SegmentFitResult]
    /// Samples clamped by the signal inversion.
    public var clampedSamples: Int
    public var warnings: [String]
}

/// One segment and transmural half with its statistics.
public struct LayerStatistics: Sendable {
    public var layer: String
    public var statistics: SegmentStatistics
}

/// The result of `AnalysisPipeline.run`.
public struct AnalysisResult: Sendable {
    public var studyInstanceUID: String
    public var identifiers: PatientIdentifiers?
    public var stressState: String?
    public var motionMethod: MotionCorrectionMethod
    public var slices: [SliceAnalysis]
    public var aif: AIFExtractionResult
    /// "AIF series" or "high-res basal blood pool (fallback)".
    public var aifSource: String
    /// Statistics of segments 1–16 over accepted pixel MBF values, with hypoperfusion flags.
    public var segments: [SegmentStatistics]
    /// Endocardial and epicardial halves of each segment (32 rows).
    public var layers: [LayerStatistics]
    /// Segments whose MBF is below the hypoperfusion threshold.
    public var hypoperfusedSegments: [Int]
    /// Coronary territories with reduced MBF (at least half of their segments hypoperfused).
    public var ischaemicTerritories: [CoronaryTerritory]
    /// The remote reference (ml/min/g) the hypoperfusion threshold is relative to.
    public var remoteMBF: Double?
    public var warnings: [String]
    public var provenance: Provenance
    public var timings: [(stage: String, seconds: Double)]
    public var options: AnalysisOptions
}
