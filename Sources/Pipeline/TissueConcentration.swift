import CoilCorrection
import MyoFlowCore
import Physics

/// Myocardial [Gd] of every pixel of a PD-normalised slice (physics-and-acquisition.md §2:
/// s = Mz,SR/Mz,PD inverted with the myocardial native T1, [Gd] = (R1 − 1/T1,0)/r1, minus the
/// pre-contrast baseline).
enum TissueConcentration {
    struct Result {
        var gd: ConcentrationSeries
        var model: SignalInversion.Model
        /// Samples of the masked pixels (dynamic frames) outside the inversion's range.
        var clampedInMask: Int
    }

    /// - Parameters:
    ///   - normalised: `SurfaceCoilCorrection` output of the aligned slice.
    ///   - arrivalS: AIF foot (s), which ends the baseline.
    ///   - mask: pixels whose clamped samples are counted (the myocardium; air and lung clamp by design).
    static func convert(normalised: ImageSeries, fieldStrengthT: Double?, arrivalS: Double?, mask: Mask) throws -> Result {
        let name = normalised.displayName
        guard let field = fieldStrengthT, let constants = RelaxationConstants(fieldStrengthT: field) else {
            throw PipelineError.stageFailed(stage: "tissue Gd", series: name, detail: "field strength unknown or outside 1–4 T; supply it (--field-strength)")
        }
        let seq = normalised.sequence
        guard let tsMs = seq.saturationTimeMs, tsMs > 0 else {
            throw PipelineError.stageFailed(stage: "tissue Gd", series: name, detail: "saturation time unknown; supply it (--saturation-time-ms)")
        }
        let trainKnown = seq.repetitionTimeMs != nil && (seq.linesToCentre ?? 0) > 0 && seq.flipAngleDeg != nil
        let model: SignalInversion.Model = trainKnown ? .readoutTrain : .centric
        let sr = SaturationRecovery(saturationTimeS: tsMs / 1000, flipAngleDeg: seq.flipAngleDeg ?? 0,
                                    repetitionTimeS: seq.repetitionTimeMs.map { $0 / 1000 },
                                    linesToCentre: model == .readoutTrain ? seq.linesToCentre : nil)
        let pd = ProtonDensityReadout(flipAngleDeg: seq.pdFlipAngleDeg ?? 0, repetitionTimeS: seq.repetitionTimeMs.map { $0 / 1000 },
                                      linesToCentre: model == .readoutTrain ? seq.linesToCentre : nil)
        let inversion = try SignalInversion(sequence: sr, pdReadout: pd, nativeT1S: constants.t1MyocardiumS,
                                            relaxivity: constants.r1, model: model)
        let baseline = ConcentrationConversion.baselineFrames(of: normalised, arrivalS: arrivalS)
        let gd = try ConcentrationConversion.convert(normalised: normalised, inversion: inversion, baselineFrames: baseline)
        let n = normalised.pixelsPerFrame
        var clamped = 0
        for f in normalised.dynamicFrameIndices {
            for p in 0..<n where mask.values[p] && inversion.concentration(normalisedSignal: Double(normalised.pixels[f * n + p])).clamped { clamped += 1 }
        }
        return Result(gd: gd, model: model, clampedInMask: clamped)
    }
}
