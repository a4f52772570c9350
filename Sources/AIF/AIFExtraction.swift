import CoilCorrection
import Foundation
import MyoFlowCore
import Physics

/// The AIF of a study with how it was obtained.
public struct AIFExtractionResult: Sendable, Equatable {
    /// Baseline-subtracted Gd at the AIF frames' acquisition times, in `curve.reference`.
    public var curve: AIFCurve
    public var features: FirstPassFeatures
    public var bloodPool: BloodPoolDetection.Result
    /// Mean PD-normalised signal of the ROI per dynamic frame (before inversion).
    public var normalisedSignal: [Double]
    /// Samples whose signal exceeded the model's range and were clamped.
    public var clampedSamples: Int
    public var model: SignalInversion.Model
    /// True when the AIF comes from the saturated high-res images (fallback).
    public var saturated: Bool
    /// Warnings a report must show.
    public var warnings: [String]
    /// Decisions for provenance.
    public var decisions: [String]
}

/// Dual-sequence AIF extraction (physics-and-acquisition.md §2–3, §10): PD-normalise the low-res
/// AIF series, find the LV blood pool from temporal features, average the eroded ROI, invert the
/// signal to blood Gd (readout-train LUT when TR, flip angle and lines-to-centre are known,
/// centric otherwise), subtract the pre-contrast baseline, detect foot/peak/valley.
public enum AIFExtraction {
    public struct Options: Sendable, Equatable {
        public var coil = SurfaceCoilCorrection.Options()
        public var bloodPool = BloodPoolDetection.Options()
        public var firstPass = FirstPassFeatures.Options()
        /// Output reference: whole blood (default) or plasma = blood/(1 − Hct).
        public var reference: ConcentrationReference = .wholeBlood
        /// Forces the centric model even when the readout train is known.
        public var forceCentric = false
        public init() {}
    }

    /// Extracts the AIF from the aligned low-res AIF series.
    /// - Parameters:
    ///   - series: aligned AIF series with PD frames and sequence parameters (TS required).
    ///   - study: field strength (required) and haematocrit.
    public static func extract(from series: ImageSeries, study: StudyParameters, options: Options = Options()) throws -> AIFExtractionResult {
        try run(series, study: study, options: options, saturated: false)
    }

    /// Fallback when the study has no AIF series: the AIF from the basal high-res slice's blood
    /// pool. Its long saturation time saturates the blood signal at the bolus peak, so even after
    /// inversion the peak is unreliable and MBF will be overestimated; the result says so.
    public static func extractFromHighRes(basal series: ImageSeries, study: StudyParameters, options: Options = Options()) throws -> AIFExtractionResult {
        var result = try run(series, study: study, options: options, saturated: true)
        result.warnings.insert("AIF taken from the high-res basal blood pool (no AIF series): the blood signal saturates at the bolus peak, the AIF peak is underestimated and MBF will be overestimated (by up to 2–3×); use a dual-sequence acquisition for quantitative MBF", at: 0)
        return result
    }

    static func run(_ series: ImageSeries, study: StudyParameters, options: Options, saturated: Bool) throws -> AIFExtractionResult {
        let name = series.displayName
        guard let field = study.fieldStrengthT, let constants = RelaxationConstants(fieldStrengthT: field) else {
            throw AIFError.unusableSeries(series: name, detail: "field strength unknown or outside 1–4 T; supply it (--field-strength)")
        }
        guard let tsMs = series.sequence.saturationTimeMs, tsMs > 0 else {
            throw AIFError.unusableSeries(series: name, detail: "saturation time (TS) unknown; supply it (--aif-ts)")
        }
        let corrected = try SurfaceCoilCorrection.correct(series: series, options: options.coil)
        let normalised = corrected.series
        let pool = try BloodPoolDetection.detect(in: normalised, options: options.bloodPool)
        let frames = normalised.dynamicFrameIndices
        let times = frames.map { normalised.timesSeconds[$0] }
        let n = normalised.pixelsPerFrame
        let roi = (0..<n).filter { pool.roi.values[$0] }
        let signal = frames.map { f -> Double in
            let values = roi.map { Double(normalised.pixels[f * n + $0]) }.filter(\.isFinite)
            return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }
        let seq = series.sequence
        let trainKnown = seq.repetitionTimeMs != nil && (seq.linesToCentre ?? 0) > 0 && seq.flipAngleDeg != nil
        let model: SignalInversion.Model = trainKnown && !options.forceCentric ? .readoutTrain : .centric
        let srFlip = options.coil.srFlipAngleDeg ?? seq.flipAngleDeg ?? 0
        let pdFlip = options.coil.pdFlipAngleDeg ?? seq.pdFlipAngleDeg ?? 0
        let sr = SaturationRecovery(saturationTimeS: tsMs / 1000, flipAngleDeg: srFlip, repetitionTimeS: seq.repetitionTimeMs.map { $0 / 1000 },
                                    linesToCentre: model == .readoutTrain ? seq.linesToCentre : nil)
        let pd = ProtonDensityReadout(flipAngleDeg: pdFlip, repetitionTimeS: seq.repetitionTimeMs.map { $0 / 1000 },
                                      linesToCentre: model == .readoutTrain ? seq.linesToCentre : nil)
        let inversion = try SignalInversion(sequence: sr, pdReadout: pd, nativeT1S: constants.t1BloodS, relaxivity: constants.r1, model: model)
        var clamped = 0
        var gd = signal.map { s -> Double in
            let r = inversion.concentration(normalisedSignal: s)
            if r.clamped { clamped += 1 }
            return r.gdMmolPerL
        }
        // Baseline: frames before the provisional foot (minus 1 s), else the first frames.
        let provisional = try? FirstPassFeatures.detect(timesSeconds: times, values: gd.map { $0 - gd[0] }, options: options.firstPass)
        var baseline = times.indices.filter { times[$0] < (provisional?.footS ?? -Double.infinity) - 1 }
        if baseline.isEmpty { baseline = Array(0..<min(3, gd.count)) }
        let base = baseline.map { gd[$0] }.reduce(0, +) / Double(baseline.count)
        gd = gd.map { $0 - base }
        var curve = try AIFCurve(timesSeconds: times, gdMmolPerL: gd, reference: .wholeBlood)
        if options.reference != .wholeBlood { curve = curve.converted(to: options.reference, haematocrit: study.haematocrit) }
        let features = try FirstPassFeatures.detect(timesSeconds: times, values: curve.gdMmolPerL, options: options.firstPass)
        var warnings: [String] = []
        if clamped > 0 {
            warnings.append("\(clamped) AIF sample(s) beyond the signal model's range were clamped (peak may be underestimated)")
        }
        if model == .centric {
            warnings.append("AIF converted with the centric approximation (TR or lines-to-centre unknown): the peak may be misestimated")
        }
        var decisions = pool.decisions
        decisions.append("signal → Gd: \(model.rawValue) model, blood T1 \(constants.t1BloodS) s, r1 \(constants.r1) L/mmol/s at \(field) T")
        decisions.append("baseline: \(baseline.count) pre-contrast frame(s) after the PD frames; AIF in \(curve.reference.rawValue) Gd")
        return AIFExtractionResult(curve: curve, features: features, bloodPool: pool, normalisedSignal: signal, clampedSamples: clamped,
                                   model: model, saturated: saturated, warnings: warnings, decisions: decisions)
    }
}
