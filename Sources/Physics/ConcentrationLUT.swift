import Foundation

/// A monotone look-up table from [Gd] to the PD-normalised SR signal of the readout-train model
/// (physics-and-acquisition.md §2: LUT(Gd) = SR_centre(Gd)/PD_centre, inverted by linear
/// interpolation and clamped to its range).
///
/// signal(Gd) = Mz,SR(R1(Gd)) / Mz,PD(R1,0) with R1(Gd) = 1/T1,0 + r1·Gd: the PD frames are
/// pre-contrast. The sin α factors are removed by the normalisation upstream.
public struct ConcentrationLUT: Sendable {
    /// Concentrations, ascending and uniform, mmol/L.
    public let concentrations: [Double]
    /// Normalised signal at each concentration, strictly ascending.
    public let signals: [Double]

    public init(sequence: SaturationRecovery, pdReadout: ProtonDensityReadout, nativeT1S: Double, relaxivity: Double,
                gdRange: ClosedRange<Double>, entries: Int = 4096) throws {
        precondition(entries >= 2, "ConcentrationLUT needs at least 2 entries")
        let pd = pdReadout.relativeMagnetisation(r1: 1 / nativeT1S)
        guard pd > 0, pd.isFinite else { throw PhysicsError.invalidParameter("PD readout gives no signal (Mz = \(pd))") }
        let step = (gdRange.upperBound - gdRange.lowerBound) / Double(entries - 1)
        concentrations = (0..<entries).map { gdRange.lowerBound + Double($0) * step }
        signals = concentrations.map { sequence.relativeMagnetisation(r1: 1 / nativeT1S + relaxivity * $0) / pd }
        guard zip(signals, signals.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw PhysicsError.invalidParameter("the readout-train signal is not monotone in [Gd] over \(gdRange) mmol/L; check TS, TR, flip angle and lines-to-centre")
        }
    }

    /// Forward lookup with linear interpolation (clamped at the ends).
    public func signal(gd: Double) -> Double {
        let step = concentrations[1] - concentrations[0]
        let x = min(max((gd - concentrations[0]) / step, 0), Double(concentrations.count - 1))
        let i = min(Int(x), concentrations.count - 2)
        let f = x - Double(i)
        return signals[i] * (1 - f) + signals[i + 1] * f
    }

    /// Inverse lookup: binary search plus linear interpolation, clamped to the table's range.
    public func concentration(signal s: Double) -> Double {
        if s <= signals[0] { return concentrations[0] }
        if s >= signals[signals.count - 1] { return concentrations[concentrations.count - 1] }
        var lo = 0, hi = signals.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if signals[mid] <= s { lo = mid } else { hi = mid }
        }
        let f = (s - signals[lo]) / (signals[hi] - signals[lo])
        return concentrations[lo] + f * (concentrations[hi] - concentrations[lo])
    }
}
