import Foundation

/// A population-style arterial input function in blood Gd (mmol/L): gamma-variate first pass
/// plus a delayed, dispersed recirculation and a slow plateau (physics-and-acquisition.md §3):
/// Cfp(t) = Cpk·[(t − t0)/tp]^α·exp[α(1 − (t − t0)/tp)], tp = αβ.
public struct GammaVariateAIF: Sendable, Equatable {
    public var peakMmolPerL: Double
    /// Arrival (foot) time t0, s.
    public var arrivalS: Double
    public var alpha: Double
    /// β, s; time to peak after arrival is tp = αβ.
    public var betaS: Double
    /// Recirculation amplitude relative to the first-pass peak (0.1–0.2).
    public var recirculationFraction: Double
    /// Delay of the recirculation after the first pass, s (8–12).
    public var recirculationDelayS: Double
    /// Exponential dispersion time constant of the recirculation, s (3–5).
    public var dispersionS: Double
    /// Late plateau relative to the peak (~0.1).
    public var plateauFraction: Double

    public init(peakMmolPerL: Double = 4, arrivalS: Double = 8, alpha: Double = 4, betaS: Double = 0.75,
                recirculationFraction: Double = 0.15, recirculationDelayS: Double = 10, dispersionS: Double = 4,
                plateauFraction: Double = 0.08) {
        self.peakMmolPerL = peakMmolPerL
        self.arrivalS = arrivalS
        self.alpha = alpha
        self.betaS = betaS
        self.recirculationFraction = recirculationFraction
        self.recirculationDelayS = recirculationDelayS
        self.dispersionS = dispersionS
        self.plateauFraction = plateauFraction
    }

    /// Time from arrival to the first-pass peak, s.
    public var timeToPeakS: Double { alpha * betaS }

    /// The first-pass gamma variate alone, peak-normalised to `peakMmolPerL`.
    public func firstPass(at t: Double) -> Double {
        let x = (t - arrivalS) / timeToPeakS
        guard x > 0 else { return 0 }
        return peakMmolPerL * pow(x, alpha) * exp(alpha * (1 - x))
    }

    /// Blood Gd concentration at time t (s), mmol/L.
    public func concentration(at t: Double) -> Double {
        let first = firstPass(at: t)
        // Recirculation: a broadened copy (shape parameter halved ~ dispersion) after the delay.
        let tr = t - arrivalS - recirculationDelayS
        var recirc = 0.0
        if tr > 0 {
            let width = timeToPeakS + dispersionS
            let x = tr / width
            recirc = recirculationFraction * peakMmolPerL * pow(x, 2) * exp(2 * (1 - x))
        }
        // Plateau: a smooth step reaching `plateauFraction` after the first pass.
        let ts = t - arrivalS - timeToPeakS
        let plateau = plateauFraction * peakMmolPerL / (1 + exp(-ts / max(0.5, betaS)))
        return first + recirc + (t > arrivalS ? plateau : 0)
    }
}
