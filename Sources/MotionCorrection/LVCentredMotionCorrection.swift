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
    /// window is then the whole image and a warning says so) or the LV centre was given
    /// (`MotionCorrectionRun` then locates the pool at that centre for its QA).
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
        try correct(series, sideMm: sideMm, lvCentre: nil, progress: progress) { crop, _ in corrector(crop) }
    }

    /// Corrects `series` around `lvCentre` (native pixels; found by `BloodPoolLocator` when nil);
    /// `corrector` gets the window and the LV centre on the window grid (the window's centre when
    /// no LV was found). `MocoCrop` shifts and clips windows at the image borders, so the LV centre
    /// is not necessarily the window's centre.
    public static func correct(_ series: ImageSeries, sideMm: Double, lvCentre: PixelPosition?, progress: any ProgressSink = SilentProgress(),
                               corrector: (MocoCrop, PixelPosition) -> any MotionCorrector) throws -> LVCentredResult {
        let start = DispatchTime.now()
        let w = window(of: series, sideMm: sideMm, lvCentre: lvCentre)
        let windowed = try corrector(w.crop, w.centre).correct(try w.crop.crop(series), progress: progress)
        let native = try w.crop.nativeRegistration(windowed, of: series)
        return LVCentredResult(series: series, registration: native, crop: w.crop, pools: w.pools, warnings: w.warnings, seconds: elapsed(since: start))
    }

    /// The window `correct` registers: a `sideMm` square around `lvCentre` (found by
    /// `BloodPoolLocator` when nil; the whole image, with a warning, when no LV is found), the LV
    /// centre in window pixels (the window's centre without an LV), the pools found and warnings.
    public static func window(of series: ImageSeries, sideMm: Double, lvCentre: PixelPosition?)
        -> (crop: MocoCrop, centre: PixelPosition, pools: BloodPools?, warnings: [String]) {
        var warnings: [String] = []
        var pools: BloodPools?
        var centre = lvCentre
        if centre == nil {
            do {
                pools = try BloodPoolLocator().locate(series)
                warnings += pools!.warnings
                centre = pools!.lvCentre
            } catch {
                warnings.append("LV not found (\(error)); motion correction uses the whole image")
            }
        }
        let crop = centre.map {
            MocoCrop(centre: $0, spacing: series.geometry.spacing, imageRows: series.rows, imageColumns: series.columns, sideMm: sideMm)
        } ?? .whole(rows: series.rows, columns: series.columns)
        let windowCentre = centre.map { PixelPosition(row: $0.row - Double(crop.row0), column: $0.column - Double(crop.column0)) }
            ?? PixelPosition(row: Double(crop.rows - 1) / 2, column: Double(crop.columns - 1) / 2)
        return (crop, windowCentre, pools, warnings)
    }
}
