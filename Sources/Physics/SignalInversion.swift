import Foundation

/// Inverts the PD-normalised saturation-recovery signal to a Gd concentration for one tissue.
///
/// Input is the normalised signal s = S_SR / S_PD · sin α_PD / sin α_SR (what
/// `SurfaceCoilCorrection` produces), which cancels ρ·B(x) (physics-and-acquisition.md §2):
/// s = Mz,SR(R1) / Mz,PD(R1,0). PD frames are pre-contrast, so the PD readout sees the native R1,0.
/// - `.centric`: Mz,SR/M0 = 1 − e^(−TS·R1) and Mz,PD = M0, inverted analytically:
///   R1 = −ln(1 − s)/TS.
/// - `.readoutTrain`: the full train equation of §2 (needs TR and lines-to-centre), inverted by
///   linear interpolation in a monotone look-up table `ConcentrationLUT`.
/// Then [Gd] = (R1 − 1/T1,0)/r1 (§2). Signals outside the model's range are clamped to the
/// table's ends and counted, never silently passed through.
public struct SignalInversion: Sendable {
    public enum Model: String, Sendable, Equatable { case centric, readoutTrain }

    public let model: Model
    public let nativeT1S: Double
    /// Longitudinal relaxivity r1, L/mmol/s.
    public let relaxivity: Double
    public let saturationTimeS: Double
    /// Concentration range the inversion can return, mmol/L.
    public let gdRange: ClosedRange<Double>
    private let lut: ConcentrationLUT?
    private let lowerSignal: Double
    private let upperSignal: Double

    /// - Parameters:
    ///   - sequence: the SR readout of the series.
    ///   - pdReadout: its PD readout (used by `.readoutTrain` only).
    ///   - nativeT1S: T1 of the tissue before contrast, s (blood or myocardium, from
    ///     `RelaxationConstants` at the study's field strength).
    ///   - relaxivity: r1, L/mmol/s.
    ///   - maximumGdMmolPerL: the top of the range; higher signals are clamped (default 25).
    /// Throws when `.readoutTrain` is asked for without TR/lines-to-centre, or when parameters
    /// are not finite and positive.
    public init(sequence: SaturationRecovery, pdReadout: ProtonDensityReadout, nativeT1S: Double, relaxivity: Double,
                model: Model, maximumGdMmolPerL: Double = 25) throws {
        guard nativeT1S.isFinite, nativeT1S > 0, relaxivity.isFinite, relaxivity > 0,
              sequence.saturationTimeS.isFinite, sequence.saturationTimeS > 0 else {
            throw PhysicsError.invalidParameter("signal inversion needs positive T1 (\(nativeT1S) s), r1 (\(relaxivity)) and TS (\(sequence.saturationTimeS) s)")
        }
        self.model = model
        self.nativeT1S = nativeT1S
        self.relaxivity = relaxivity
        saturationTimeS = sequence.saturationTimeS
        // Lower end: half the native R1 (noise below baseline), upper end: the given maximum.
        let lowest = -0.5 / (nativeT1S * relaxivity)
        gdRange = lowest...maximumGdMmolPerL
        switch model {
        case .centric:
            lut = nil
            let r1Low = 1 / nativeT1S + relaxivity * lowest, r1High = 1 / nativeT1S + relaxivity * maximumGdMmolPerL
            lowerSignal = 1 - exp(-sequence.saturationTimeS * r1Low)
            upperSignal = 1 - exp(-sequence.saturationTimeS * r1High)
        case .readoutTrain:
            guard sequence.repetitionTimeS != nil, let nc = sequence.linesToCentre, nc > 0 else {
                throw PhysicsError.invalidParameter("the readout-train model needs TR and lines-to-centre; use the centric model or supply them")
            }
            let table = try ConcentrationLUT(sequence: sequence, pdReadout: pdReadout, nativeT1S: nativeT1S,
                                             relaxivity: relaxivity, gdRange: gdRange)
            lut = table
            lowerSignal = table.signals.first!
            upperSignal = table.signals.last!
        }
    }

    /// [Gd] (mmol/L) for a normalised signal; `clamped` is true when the signal lay outside the
    /// model's range (or was not finite, which gives NaN).
    @inlinable
    public func concentration(normalisedSignal s: Double) -> (gdMmolPerL: Double, clamped: Bool) {
        concentrationImpl(s)
    }

    @usableFromInline
    func concentrationImpl(_ s: Double) -> (gdMmolPerL: Double, clamped: Bool) {
        guard s.isFinite else { return (.nan, true) }
        if s <= lowerSignal { return (gdRange.lowerBound, s < lowerSignal) }
        if s >= upperSignal { return (gdRange.upperBound, s > upperSignal) }
        switch model {
        case .centric:
            let r1 = -log(1 - s) / saturationTimeS
            return ((r1 - 1 / nativeT1S) / relaxivity, false)
        case .readoutTrain:
            return (lut!.concentration(signal: s), false)
        }
    }

    /// The forward model: the normalised signal the inversion expects at a given [Gd].
    public func normalisedSignal(gdMmolPerL gd: Double) -> Double {
        switch model {
        case .centric: return 1 - exp(-saturationTimeS * (1 / nativeT1S + relaxivity * gd))
        case .readoutTrain: return lut!.signal(gd: gd)
        }
    }
}
