import Foundation

/// Saturation-recovery spoiled-GRE readout (physics-and-acquisition.md §2).
///
/// With ideal saturation, E = e^(−TR·R1), q = cos α·E, M1 = M0(1 − e^(−TD·R1)), the longitudinal
/// magnetisation before pulse n of the readout train is
/// Mz,n = M0(1 − E)/(1 − q) + [M1 − M0(1 − E)/(1 − q)]·q^(n−1), and the signal is
/// S = ρ·B·sin α·Mz,nc. The centric approximation takes Mz = M0(1 − e^(−TS·R1)).
public struct SaturationRecovery: Sendable, Equatable {
    /// Saturation time TS, from the saturation pulse to the k-space centre, seconds.
    public var saturationTimeS: Double
    /// Flip angle of the readout, radians.
    public var flipAngleRad: Double
    /// Readout repetition time, seconds (full model only).
    public var repetitionTimeS: Double?
    /// Excitations before the k-space-centre pulse; nil selects the centric approximation.
    public var linesToCentre: Int?

    public init(saturationTimeS: Double, flipAngleDeg: Double, repetitionTimeS: Double? = nil, linesToCentre: Int? = nil) {
        self.saturationTimeS = saturationTimeS
        self.flipAngleRad = flipAngleDeg * .pi / 180
        self.repetitionTimeS = repetitionTimeS
        self.linesToCentre = linesToCentre
    }

    /// Mz/M0 at the k-space centre for a longitudinal relaxation rate R1 (s⁻¹).
    public func relativeMagnetisation(r1: Double) -> Double {
        guard let tr = repetitionTimeS, let nc = linesToCentre, nc > 0 else {
            return 1 - exp(-saturationTimeS * r1)  // centric approximation
        }
        let td = max(0, saturationTimeS - Double(nc) * tr)  // delay before the first readout pulse
        let e = exp(-tr * r1), q = cos(flipAngleRad) * e
        let steady = (1 - e) / (1 - q)
        let m1 = 1 - exp(-td * r1)
        return steady + (m1 - steady) * pow(q, Double(nc))  // Mz before pulse nc+1 (the centre)
    }

    /// Signal S = ρ·B·sin α·Mz for proton density × coil gain `scale` (T2* ignored).
    public func signal(r1: Double, scale: Double = 1) -> Double {
        scale * sin(flipAngleRad) * relativeMagnetisation(r1: r1)
    }
}

/// The unsaturated low-flip-angle PD readout: Mz starts at M0 (no saturation).
public struct ProtonDensityReadout: Sendable, Equatable {
    public var flipAngleRad: Double
    public var repetitionTimeS: Double?
    public var linesToCentre: Int?

    public init(flipAngleDeg: Double, repetitionTimeS: Double? = nil, linesToCentre: Int? = nil) {
        self.flipAngleRad = flipAngleDeg * .pi / 180
        self.repetitionTimeS = repetitionTimeS
        self.linesToCentre = linesToCentre
    }

    /// Mz/M0 at the centre: the train formula with M1 = M0 (§2); 1 in the centric approximation.
    public func relativeMagnetisation(r1: Double) -> Double {
        guard let tr = repetitionTimeS, let nc = linesToCentre, nc > 0 else { return 1 }
        let e = exp(-tr * r1), q = cos(flipAngleRad) * e
        let steady = (1 - e) / (1 - q)
        return steady + (1 - steady) * pow(q, Double(nc))
    }

    public func signal(r1: Double, scale: Double = 1) -> Double {
        scale * sin(flipAngleRad) * relativeMagnetisation(r1: r1)
    }
}
