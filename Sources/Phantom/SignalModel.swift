import Foundation
import Physics

/// The signal equation of one series: saturation-recovery spoiled GRE for dynamic frames and the
/// unsaturated low-flip-angle readout for PD frames (physics-and-acquisition.md §2):
/// S = scale·ρ·B·sin α·Mz(R1), R1 = 1/T1₀ + r1·[Gd]; Mz from the centric approximation
/// 1 − e^(−TS·R1) or, optionally, the full readout-train model.
public struct SignalModel: Sendable {
    public let saturation: SaturationRecovery
    public let protonDensity: ProtonDensityReadout
    public let relaxation: RelaxationConstants
    /// Arbitrary signal scale (a.u.) so that images sit in the hundreds.
    public static let scale = 4000.0

    public init(series: SeriesSettings, fullReadoutTrain: Bool, relaxation: RelaxationConstants) {
        let tr = fullReadoutTrain ? series.repetitionTimeMs / 1000 : nil
        let nc = fullReadoutTrain ? series.linesToCentre : nil
        saturation = SaturationRecovery(saturationTimeS: series.saturationTimeMs / 1000, flipAngleDeg: series.flipAngleDeg,
                                        repetitionTimeS: tr, linesToCentre: nc)
        protonDensity = ProtonDensityReadout(flipAngleDeg: series.pdFlipAngleDeg, repetitionTimeS: tr, linesToCentre: nc)
        self.relaxation = relaxation
    }

    /// Native T1 of a tissue at this field (blood and myocardium from `RelaxationConstants`).
    public func nativeT1S(_ tissue: PhantomTissue) -> Double {
        switch tissue {
        case .lvBlood, .rvBlood, .aorta: return relaxation.t1BloodS
        case .myocardium, .papillary, .rvWall: return relaxation.t1MyocardiumS
        default: return tissue.nativeT1At3TS * (relaxation.fieldStrengthT >= 2.25 ? 1 : 0.85)
        }
    }

    /// sin α·Mz/M0 of a frame for a tissue with native T1 and a Gd concentration.
    @inline(__always)
    public func relativeSignal(pd: Bool, nativeT1S: Double, gdMmolPerL: Double) -> Double {
        let r1 = relaxation.r1(nativeT1S: nativeT1S, gdMmolPerL: gdMmolPerL)
        return pd ? protonDensity.signal(r1: r1) : saturation.signal(r1: r1)
    }
}
