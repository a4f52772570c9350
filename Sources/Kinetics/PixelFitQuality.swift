/// Quality gates a pixel fit must pass, beyond convergence, before its MBF enters a map's
/// statistics. A pixel's curve can converge to a confident-looking number that is not myocardial
/// flow: blood in the pixel (partial volume, residual motion) gives an early, large curve the
/// model either cannot follow or follows only with F on its upper bound.
public enum PixelFitQuality {
    /// `result` with `converged` cleared and the failure named when a gate fails.
    public static func checked(_ result: FermiFitResult, options: FermiFitOptions) -> FermiFitResult {
        guard result.converged else { return result }
        var r = result
        let fMax = options.bounds.amplitudePerS.upperBound
        if r.parameters.amplitudePerS >= fMax - options.amplitudeBoundTolerance * (fMax - options.bounds.amplitudePerS.lowerBound) {
            r.failure = .amplitudeAtBound(perS: fMax)
        } else if r.rSquared < options.poorFitRSquared, r.residualToNoise > options.poorFitResidualToNoise {
            r.failure = .poorFit(residualToNoise: r.residualToNoise)
        }
        if r.failure != nil { r.converged = false }
        return r
    }
}
