import Foundation

/// Why a curve was not fitted, or why its fit is not trusted.
public enum CurveFitFailure: Sendable, Equatable, CustomStringConvertible {
    /// The curve or the AIF holds NaN or infinite values.
    case nonFinite(String)
    /// Too few samples inside the first-pass window.
    case tooShort(samples: Int, needed: Int)
    /// No enhancement above the noise.
    case flat
    /// The curve is mostly below zero (baseline or sign error).
    case negative(meanMmolPerL: Double)
    /// The AIF has no usable first pass (the reason says why).
    case noFirstPass(String)
    /// The input arrays do not match (lengths, times).
    case invalidInput(String)
    /// The optimiser stopped without converging (the status says why).
    case notConverged(String)
    /// The fit converged but its residual is far above the curve's own noise: the Fermi model does
    /// not explain the curve (blood in the pixel, misregistration, an artefact).
    case poorFit(residualToNoise: Double)
    /// The fit converged with F on its upper bound: the data asked for more flow than the bounds
    /// allow, which myocardium does not (blood in the pixel, or an artefact); MBF is the bound's.
    case amplitudeAtBound(perS: Double)

    public var description: String {
        switch self {
        case let .nonFinite(what): return "non-finite values: \(what)"
        case let .tooShort(samples, needed): return "too short: \(samples) samples in the first-pass window, \(needed) needed"
        case .flat: return "flat: no enhancement above the noise"
        case let .negative(mean): return "negative: mean \(mean) mmol/L in the first-pass window (check the baseline)"
        case let .noFirstPass(why): return "no first pass in the AIF: \(why)"
        case let .invalidInput(why): return "invalid input: \(why)"
        case let .notConverged(why): return "not converged: \(why)"
        case let .poorFit(ratio):
            return "poor fit: residual \(String(format: "%.1f", ratio))× the curve's noise (blood in the pixel, misregistration or an artefact)"
        case let .amplitudeAtBound(f):
            return "F at its upper bound \(f) s⁻¹: more flow than myocardium has (blood in the pixel or an artefact)"
        }
    }
}

/// The outcome of one Fermi-constrained deconvolution.
///
/// Failed or non-converged fits are returned, not thrown: parameters are NaN when no fit ran,
/// the fitted values otherwise, and `failure` names the reason. Quality figures are computed on
/// the uniform grid inside the first-pass window.
public struct FermiFitResult: Sendable, Equatable {
    /// Fitted parameters (NaN when no fit ran).
    public var parameters: FermiParameters
    /// Coefficient of determination of the fit on the window, 1 − SSres/SStot.
    public var rSquared: Double
    /// Root-mean-square residual, mmol/L.
    public var rmsResidualMmolPerL: Double
    /// True when the optimiser passed a convergence test and no failure was found.
    public var converged: Bool
    /// Noise of the tissue curve, mmol/L, from second differences of its samples at their own
    /// times (NaN when no fit ran).
    public var noiseMmolPerL: Double = .nan
    /// Trust-region iterations (0 when no fit ran).
    public var iterations: Int
    /// nil for a good fit; otherwise why the result must not be trusted.
    public var failure: CurveFitFailure?

    /// RMS residual over the curve's noise: about 1 when the model explains the curve (the grid's
    /// spline interpolation smooths the noise a little, so slightly below 1), far above when not.
    public var residualToNoise: Double { rmsResidualMmolPerL / noiseMmolPerL }

    /// MBF = R(τd)·60/ρ, ml/min/g (NaN when no fit ran).
    public var mbfMlPerMinPerG: Double { parameters.mbfMlPerMinPerG }

    /// A flagged result with no fit.
    public static func failed(_ failure: CurveFitFailure) -> FermiFitResult {
        FermiFitResult(parameters: FermiParameters(amplitudePerS: .nan, shoulderS: .nan, washoutPerS: .nan, delayS: .nan),
                       rSquared: .nan, rmsResidualMmolPerL: .nan, converged: false, iterations: 0, failure: failure)
    }
}
