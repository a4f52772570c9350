import Dispatch
import MyoFlowCore
import Preprocessing

/// One series corrected in a window around its LV (`LVCentredMotionCorrection`).
public struct LVCentredResult: Sendable {
    /// The native series.
    public var series: ImageSeries
    /// The registration on the native grid.
    public var registration: SeriesRegistration
    /// The window that was registered.
    public var crop: MocoCrop
    /// Blood pools from `BloodPoolLocator` on the native series; nil when none was found (the
    /// window is then the whole image and a warning says so).
    public var pools: BloodPools?
    public var warnings: [String]
    /// Wall time of the whole series, seconds.
    public var seconds: Double
}

/// Motion correction restricted to a square window around the LV centre found by
/// `BloodPoolLocator` (default 128 mm, within the ~100–130 mm the seed's networks see), so the
/// chest wall does not dominate the similarity. The registration is mapped back to the native
/// grid exactly (`MocoCrop.nativeRegistration`); outside the window each frame gets its affine.
public enum LVCentredMotionCorrection {
    /// Default window side, mm.
    public static let defaultSideMm = 128.0

    /// Corrects `series`; `corrector` builds the corrector for the window (its configuration's
    /// region must be nil or on the window grid).
    public static func correct(_ series: ImageSeries, sideMm: Double = defaultSideMm, progress: any ProgressSink = SilentProgress(),
                               corrector: (MocoCrop) -> any MotionCorrector) throws -> LVCentredResult {
        let start = DispatchTime.now()
        var warnings: [String] = []
        var pools: BloodPools?
        do {
            pools = try BloodPoolLocator().locate(series)
            warnings += pools!.warnings
        } catch {
            warnings.append("LV not found (\(error)); motion correction uses the whole image")
        }
        let crop = pools.map {
            MocoCrop(centre: $0.lvCentre, spacing: series.geometry.spacing, imageRows: series.rows, imageColumns: series.columns, sideMm: sideMm)
        } ?? .whole(rows: series.rows, columns: series.columns)
        let windowed = try corrector(crop).correct(try crop.crop(series), progress: progress)
        let native = try crop.nativeRegistration(windowed, of: series)
        return LVCentredResult(series: series, registration: native, crop: crop, pools: pools, warnings: warnings, seconds: elapsed(since: start))
    }
}
