import Foundation
import MyoFlowCore

/// One row of `qa.csv`: the QA metrics of one series under one method.
public struct MocoQARow: Sendable, Equatable {
    /// "slice_1" … "slice_n" (base → apex) or "slice_aif".
    public var series: String
    /// "none" or the method's name.
    public var method: String
    /// Mean SD of the second difference of normalised TICs (lower is smoother); nil when undefined.
    public var ticSmoothness: Double?
    /// Mean Dice of consecutive myocardial masks around peak LV; nil without per-frame masks.
    public var diceAroundPeak: Double?
    /// SD of normalised PD intensities in the myocardium; nil without a mask or PD frames.
    public var pdMyocardialSD: Double?
    /// Outlier frames flagged (0 for "none").
    public var outliers: Int
}

/// QA of one corrected series against "No MoCo" (seed Schüler 2026, §Evaluation).
public enum MocoQA {
    /// Optional masks for the metrics that need a segmentation.
    public struct Masks: Sendable {
        /// Myocardium in the corrected (reference-frame) geometry: the peak-LV segmentation.
        public var myocardium: Mask?
        /// Myocardium of every native frame (all frames), for Dice around peak.
        public var frameMyocardium: [Mask]?
        public init(myocardium: Mask? = nil, frameMyocardium: [Mask]? = nil) {
            self.myocardium = myocardium; self.frameMyocardium = frameMyocardium
        }
    }

    /// The TIC-smoothness ROI: `MotionQualityMetrics.ticRegion` about the LV centre with the
    /// myocardial mask when given; otherwise about the LV blood pool with the margin widened by a
    /// 10 mm wall (no segmentation needed). Nil without an LV.
    public static func ticRegion(_ result: LVCentredResult, myocardium: Mask?) -> Mask? {
        guard let pools = result.pools else { return nil }
        let centre = (pools.lvCentre.row, pools.lvCentre.column)
        if let myocardium { return MotionQualityMetrics.ticRegion(lvCentre: centre, myocardium: myocardium) }
        let wallPixels = 10 / min(result.series.geometry.spacing.rowMm, result.series.geometry.spacing.columnMm)
        return MotionQualityMetrics.ticRegion(lvCentre: centre, myocardium: pools.lv, marginPixels: 10 + wallPixels)
    }

    /// Rows for "none" and the registration's method.
    public static func rows(name: String, result: LVCentredResult, masks: Masks = Masks()) throws -> [MocoQARow] {
        let registration = result.registration
        let region = ticRegion(result, myocardium: masks.myocardium)
        let peak = result.pools?.peakLVFrame ?? registration.referenceFrame
        let pd = result.series.pdFrameIndices.first
        func row(_ method: String, series: ImageSeries, fields: [DisplacementField]?, outliers: Int) throws -> MocoQARow {
            let tic = region.flatMap { MotionQualityMetrics.ticSmoothness(series, region: $0) }
            var dice: Double?
            if let frameMasks = masks.frameMyocardium, frameMasks.count == series.frames {
                let moved = try fields.map { try MotionQualityMetrics.correctedMasks(frameMasks, fields: $0) } ?? frameMasks
                dice = MotionQualityMetrics.myocardialDice(masks: moved, peakFrame: peak)
            }
            let pdSD = pd.flatMap { f in masks.myocardium.flatMap { MotionQualityMetrics.pdMyocardialSD(pd: series.frame(f), myocardium: $0) } }
            return MocoQARow(series: name, method: method, ticSmoothness: tic, diceAroundPeak: dice, pdMyocardialSD: pdSD, outliers: outliers)
        }
        return [try row("none", series: result.series, fields: nil, outliers: 0),
                try row(registration.method.rawValue, series: registration.corrected, fields: registration.fields,
                        outliers: registration.outliers.flaggedFrames.count)]
    }

    /// The CSV text: header `series,method,tic_smoothness,dice_around_peak,pd_myocardial_sd,outliers`,
    /// numbers with 6 significant digits, empty fields where a metric is unavailable.
    public static func csv(_ rows: [MocoQARow]) -> String {
        func number(_ v: Double?) -> String { v.map { String(format: "%.6g", $0) } ?? "" }
        var text = "series,method,tic_smoothness,dice_around_peak,pd_myocardial_sd,outliers\n"
        for r in rows {
            text += "\(r.series),\(r.method),\(number(r.ticSmoothness)),\(number(r.diceAroundPeak)),\(number(r.pdMyocardialSD)),\(r.outliers)\n"
        }
        return text
    }
}
