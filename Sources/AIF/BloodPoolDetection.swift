import Foundation
import MyoFlowCore
import Preprocessing

/// Finds the LV blood pool in a PD-normalised dynamic series from temporal features only (no
/// fixed intensities): strongly enhancing pixels are split into an early (RV) and a late group by
/// their half-peak arrival time; the LV is the largest compact late component; the ROI is that
/// component eroded away from the myocardium.
public enum BloodPoolDetection {
    public struct Options: Sendable, Equatable {
        /// Strong pixels: peak enhancement ≥ this fraction of the 99th percentile.
        public var strongFraction: Double = 0.5
        /// Dynamic frames averaged for the per-pixel baseline (the first ones after the PD frames).
        public var baselineFrames: Int = 3
        /// 4-neighbour erosions of the LV component.
        public var erosions: Int = 1
        /// Smallest component accepted as a blood pool, pixels.
        public var minimumPixels: Int = 4
        /// The RV and LV groups must arrive at least this far apart, s.
        public var minimumArrivalGapS: Double = 0.5
        public init() {}
    }

    public struct Result: Sendable, Equatable {
        /// The detected LV blood-pool component.
        public var lvComponent: Mask
        /// The robust ROI (eroded component).
        public var roi: Mask
        /// The early (RV) group, when one was found.
        public var rvGroup: Mask?
        /// Median half-peak arrival of the LV and RV groups, s.
        public var lvArrivalS: Double
        public var rvArrivalS: Double?
        /// Human-readable decisions for provenance.
        public var decisions: [String]
    }

    /// - Parameter series: a PD-normalised series (`SurfaceCoilCorrection` output) or any series
    ///   whose dynamic frames enhance with contrast.
    ///
    /// The pools are found by Preprocessing's `BloodPoolLocator` (the same rule on every series:
    /// strong enhancement, RV/LV split by arrival time, LV = largest compact late component);
    /// this stage adds the erosion that keeps the AIF ROI away from the myocardium.
    public static func detect(in series: ImageSeries, options: Options = Options()) throws -> Result {
        let name = series.displayName
        guard series.dynamicFrameIndices.count >= TemporalFeatures.minimumDynamicFrames else {
            throw AIFError.unusableSeries(series: name, detail: "\(series.dynamicFrameIndices.count) dynamic frames; at least \(TemporalFeatures.minimumDynamicFrames) are needed")
        }
        var locator = BloodPoolLocator()
        locator.relativeThreshold = Float(options.strongFraction)
        locator.minimumTransitSeconds = options.minimumArrivalGapS
        locator.minimumAreaMm2 = Double(options.minimumPixels) * series.geometry.spacing.pixelAreaMm2
        let pools: BloodPools
        do {
            pools = try locator.locate(series, features: try TemporalFeatures(series: series, baselineFrames: options.baselineFrames))
        } catch let error as PreprocessingError {
            throw AIFError.bloodPoolNotFound(series: name, detail: "\(error)")
        }
        var roi = pools.lv
        for _ in 0..<options.erosions {
            let eroded = roi.eroded()
            if eroded.count >= max(1, options.minimumPixels / 2) { roi = eroded } else { break }
        }
        var decisions = [String(format: "strong pixels: peak enhancement ≥ %.0f%% of the 99.5th percentile", options.strongFraction * 100)]
        if let rv = pools.rvArrivalSeconds {
            decisions.append(String(format: "RV/LV split by arrival time (RV %.2f s, LV %.2f s)", rv, pools.lvArrivalSeconds))
        } else {
            decisions.append("no separate early (RV) group: all strong pixels are LV candidates")
        }
        decisions += pools.warnings
        decisions.append("LV blood pool: \(pools.lv.count) pixels, ROI \(roi.count) pixels after \(options.erosions) erosion(s)")
        return Result(lvComponent: pools.lv, roi: roi, rvGroup: pools.rv, lvArrivalS: pools.lvArrivalSeconds,
                      rvArrivalS: pools.rvArrivalSeconds, decisions: decisions)
    }
}
