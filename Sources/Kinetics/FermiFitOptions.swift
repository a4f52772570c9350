import AIF

/// Settings of the Fermi deconvolution. Defaults follow physics-and-acquisition.md §10.
public struct FermiFitOptions: Sendable, Equatable {
    /// Uniform grid spacing the curves are resampled to, s (§10 item 1: 0.5 s in [XUE]).
    public var gridStepS: Double = 0.5
    /// How long before the AIF foot the window starts, s (baseline samples for the fit).
    public var preFootS: Double = 2
    /// Extra time after the AIF valley kept for the delayed tissue first pass, s.
    public var postValleyS: Double = 0
    /// Parameter bounds.
    public var bounds = FermiBounds()
    /// Iteration limit per fit (§10 item 6: 100–200 in production code).
    public var maxIterations: Int = 100
    /// Relative step tolerance of the solver (GSL xtol): 1e-6 resolves MBF far below its noise.
    public var stepTolerance: Double = 1e-5
    /// Gradient tolerance of the solver (GSL gtol).
    public var gradientTolerance: Double = 1e-6
    /// Fewest tissue samples inside the window for a fit.
    public var minimumSamples: Int = 8
    /// Delays (s) tried as starting points when no initial guess is given; the best fit wins.
    public var delayStartsS: [Double] = [0, 1.5]
    /// Pixel-wise maps reject a converged fit as a poor fit when it explains little of the curve
    /// (R² below `poorFitRSquared`) while its residual is well above the curve's own noise
    /// (`poorFitResidualToNoise` × σ): blood in the pixel or misregistration gives a curve the
    /// model cannot follow. Both are needed: a noisy low-flow pixel has a low R² with a residual at
    /// its noise, and a high-SNR curve a residual above its noise with R² near 1.
    public var poorFitRSquared: Double = 0.5
    public var poorFitResidualToNoise: Double = 2
    /// Pixel-wise maps reject a fit whose F lies within this fraction of the F range of its upper
    /// bound (the bound, not the data, set the value).
    public var amplitudeBoundTolerance: Double = 0.01
    /// First-pass detection on the AIF.
    public var firstPass = FirstPassFeatures.Options()

    public init() {}
}
