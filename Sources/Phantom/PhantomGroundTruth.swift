import Anatomy
import MyoFlowCore
import Physics

/// Everything known about a synthetic study, saved beside it (`ground_truth.h5`).
public struct PhantomGroundTruth: Sendable {
    public var spec: PhantomSpec
    public var timeline: AcquisitionTimeline
    public var pattern: PerfusionPattern
    public var lvAIF: GammaVariateAIF
    public var rvAIF: GammaVariateAIF
    /// Fine grid of the true curves, s, and the true blood Gd curves on it (mmol/L).
    public var fineTimesS: [Double]
    public var lvBloodGd: [Double]
    public var rvBloodGd: [Double]
    /// High-res slices (basal, mid, apical), then the AIF series.
    public var series: [SeriesTruth]

    /// The truth of the AIF series.
    public var aifSeries: SeriesTruth { series[series.count - 1] }

    /// Mean ground-truth MBF of each AHA segment 1–16 over its pixels on the slices, ml/min/g
    /// (NaN when the segment has no pixel).
    public var segmentMBF: [Double] {
        var sum = [Double](repeating: 0, count: 16), n = [Double](repeating: 0, count: 16)
        for s in series.dropLast() {
            for i in s.scene.segments.indices where s.scene.segments[i] > 0 {
                sum[Int(s.scene.segments[i]) - 1] += Double(s.scene.mbf[i]); n[Int(s.scene.segments[i]) - 1] += 1
            }
        }
        return zip(sum, n).map { $1 > 0 ? $0 / $1 : .nan }
    }
}

/// Ground truth of one series.
public struct SeriesTruth: Sendable {
    /// "basal", "mid", "apical" or "aif".
    public var name: String
    public var level: SliceLevel
    /// The motion-free, end-diastolic scene (reference geometry of every frame).
    public var scene: SliceScene
    public var timesS: [Double]
    /// True Gd (mmol/L) of each `scene.curveKeys` entry at each frame, [curve][frame].
    public var curveGd: [[Double]]
    /// Native T1 (s) per tissue code used by this series' signal model.
    public var nativeT1ByTissue: [Double]
    /// Per-frame correction fields, frames × 2 × rows × columns (row component first), pixels:
    /// warping frame f with field f gives the motion-free reference geometry (MONAI pull-back).
    public var correctionFields: [Float]
    public var frameMotion: [MotionModel.FrameMotion]
    /// Frames acquired in the wrong cardiac phase (rendered with the end-systolic heart).
    public var mistriggeredFrames: [Int]
    /// The dynamic frame with the highest true LV blood Gd.
    public var peakLVFrame: Int
    /// The sequence that produced this series (signal inversion needs it).
    public var signal: SignalModel

    /// The correction field of one frame.
    public func correctionField(frame f: Int) -> DisplacementField {
        let n = scene.grid.rows * scene.grid.columns
        let base = f * 2 * n
        return try! DisplacementField(rows: scene.grid.rows, columns: scene.grid.columns,
                                      rowDisplacement: Array(correctionFields[base..<base + n]),
                                      columnDisplacement: Array(correctionFields[base + n..<base + 2 * n]))
    }

    /// The true Gd curve (at frame times) followed by a pixel.
    public func gdCurve(row: Int, column: Int) -> [Double] {
        curveGd[Int(scene.curveIndex[row * scene.grid.columns + column])]
    }
}
