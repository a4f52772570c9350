import Foundation
import Numerics

/// Fits the Fermi-constrained model to tissue curves against one prepared AIF with GSL's
/// trust-region Levenberg–Marquardt and the analytic Jacobian (physics-and-acquisition.md §10).
///
/// Owns its solver workspace and model buffers, so one fitter serves many curves (pixels) without
/// allocating; it is not thread-safe: use one per worker. Bad curves never trap: they return a
/// flagged `FermiFitResult` with the reason.
public final class FermiFitter {
    public let prepared: PreparedAIF
    public let options: FermiFitOptions
    private let model: FermiConvolutionModel
    private let solver: NonlinearLeastSquaresSolver
    private let n: Int
    private let lower: [Double]
    private let span: [Double]
    // Tissue on the grid and scratch for the model (fixed addresses for the closures).
    private let tissue: UnsafeMutableBufferPointer<Double>
    private let scratch: UnsafeMutableBufferPointer<Double>
    /// Noise of the current tissue curve on the grid (second differences), mmol/L.
    private var gridNoise = 0.0

    public init(prepared: PreparedAIF, options: FermiFitOptions = FermiFitOptions()) {
        self.prepared = prepared
        self.options = options
        n = prepared.gridCount
        model = FermiConvolutionModel(aifOnGrid: prepared.aifOnGrid, stepS: prepared.gridStepS)
        solver = NonlinearLeastSquaresSolver(residualCount: n, parameterCount: 4, maxIterations: options.maxIterations,
                                             stepTolerance: options.stepTolerance, gradientTolerance: options.gradientTolerance,
                                             costTolerance: 1e-12, linearSolver: .cholesky)
        lower = options.bounds.lower
        span = zip(options.bounds.upper, options.bounds.lower).map { $0 - $1 }
        tissue = .allocate(capacity: n)
        scratch = .allocate(capacity: n)
    }

    deinit {
        tissue.deallocate()
        scratch.deallocate()
    }

    /// Fits one tissue curve sampled at the tissue times the AIF was prepared for.
    /// - Parameters:
    ///   - tissueGd: tissue [Gd], mmol/L, baseline-subtracted, one value per tissue time.
    ///   - initial: starting parameters (e.g. from a segment fit); nil uses data-driven starts
    ///     at each of `options.delayStartsS` and keeps the best.
    public func fit<C: RandomAccessCollection>(tissueGd: C, initial: FermiParameters? = nil) -> FermiFitResult
    where C.Element == Double, C.Index == Int {
        guard tissueGd.count == prepared.tissueResampler.sourceCount else {
            return .failed(.invalidInput("tissue curve has \(tissueGd.count) samples, its times \(prepared.tissueResampler.sourceCount)"))
        }
        if let bad = tissueGd.firstIndex(where: { !$0.isFinite }) {
            let i = bad - tissueGd.startIndex
            return .failed(.nonFinite("tissue sample \(i + 1) (t = \(prepared.tissueTimesSeconds[i]) s)"))
        }
        prepared.tissueResampler.resample(tissueGd, into: tissue)
        if let failure = screen() { return .failed(failure) }
        var best: FermiFitResult?
        let starts = initial.map { [options.bounds.clampedInside($0)] } ?? options.delayStartsS.map(initialGuess(delayS:))
        for start in starts {
            let r = solve(from: start)
            if best == nil || (r.rmsResidualMmolPerL < best!.rmsResidualMmolPerL) || !(best!.rmsResidualMmolPerL.isFinite) {
                best = r
            }
        }
        best!.noiseMmolPerL = Self.secondDifferenceNoise(tissueGd)
        return best!
    }

    /// Noise of a curve from its second differences (nearly blind to the smooth curve itself;
    /// median, so robust to a few outlier frames): σ ≈ median|Δ²y| / (0.6745·√6). The result's
    /// noise uses the curve's own samples: the grid's interpolated values understate it, since
    /// neighbouring grid points share samples (the grid figure only gates the τ0 refit).
    static func secondDifferenceNoise<C: RandomAccessCollection>(_ curve: C) -> Double where C.Element == Double, C.Index == Int {
        let m = curve.count, s = curve.startIndex
        guard m >= 3 else { return .nan }
        var d2 = [Double]()
        d2.reserveCapacity(m - 2)
        for i in (s + 1)..<(s + m - 1) {
            let second: Double = curve[i + 1] - 2 * curve[i] + curve[i - 1]
            d2.append(abs(second))
        }
        d2.sort()
        return d2[d2.count / 2] / (0.6745 * 6.0.squareRoot())
    }

    /// Flat or negative curves are not fitted.
    private func screen() -> CurveFitFailure? {
        var maxV = -Double.infinity, minV = Double.infinity, mean = 0.0
        for i in 0..<n { maxV = max(maxV, tissue[i]); minV = min(minV, tissue[i]); mean += tissue[i] }
        mean /= Double(n)
        // Noise from grid first differences (median absolute difference, Gaussian-consistent).
        var d = (1..<n).map { abs(tissue[$0] - tissue[$0 - 1]) }
        d.sort()
        let noise = d[d.count / 2] / (0.6745 * 2.0.squareRoot())
        let aifPeak = prepared.features.peakMmolPerL
        gridNoise = Self.secondDifferenceNoise(tissue)  // n ≥ 4 (PreparedAIF)
        if maxV - minV <= 1e-9 * max(1, aifPeak) { return .flat }
        if mean < 0 && maxV <= 2 * noise { return .negative(meanMmolPerL: mean) }
        if maxV <= 2 * noise || maxV <= 1e-6 * aifPeak { return .flat }
        return nil
    }

    /// Data-driven start: F from a linear fit C ≈ F·∫Ca(t − τd) over the upslope (a flat residue),
    /// τ0 = 2 s, k = 0.5 s⁻¹ (typical first-pass values, §4).
    private func initialGuess(delayS: Double) -> FermiParameters {
        model.shiftAIF(delayS: delayS, derivative: false)
        var iPeak = 0
        for i in 0..<n where tissue[i] > tissue[iPeak] { iPeak = i }
        var integral = 0.0, sxy = 0.0, sxx = 0.0
        for i in 0...iPeak {
            integral += model.shifted[i] * model.dt
            sxy += integral * tissue[i]
            sxx += integral * integral
        }
        let f = sxx > 0 ? sxy / sxx : 0.01
        return options.bounds.clampedInside(FermiParameters(amplitudePerS: f, shoulderS: 2, washoutPerS: 0.5, delayS: delayS))
    }

    /// One solve, then, when τ0 ended frozen on a bound, one more from that result with τ0 back
    /// at a typical 2 s; the better fit wins. Under projection a parameter that crossed its
    /// bound early (from a poor start) cannot return by itself.
    private func solve(from start: FermiParameters) -> FermiFitResult {
        let first = solveOnce(from: start)
        let tau0 = first.parameters.shoulderS
        guard tau0.isFinite, tau0 <= options.bounds.shoulderS.lowerBound || tau0 >= options.bounds.shoulderS.upperBound else {
            return first
        }
        // A fit on the bound that already matches the data to its noise level is kept: the bound
        // is the answer (common for noisy pixels), and refitting would only double the cost.
        if first.converged && first.rmsResidualMmolPerL <= 3 * gridNoise { return first }
        var restart = first.parameters
        restart.shoulderS = 2
        restart.washoutPerS = 0.5
        let second = solveOnce(from: options.bounds.clampedInside(restart))
        var best = second.rmsResidualMmolPerL < first.rmsResidualMmolPerL * (1 - 1e-9) ? second : first
        best.iterations = first.iterations + second.iterations
        return best
    }

    private func solveOnce(from start: FermiParameters) -> FermiFitResult {
        let lower = self.lower, span = self.span, model = self.model, tissue = self.tissue, scratch = self.scratch, n = self.n
        // θ = lo + span·σ(x): the bounded parameters from the unconstrained ones (FermiBounds).
        @inline(__always) func theta(_ x: UnsafeBufferPointer<Double>) -> (FermiParameters, (Double, Double, Double, Double)) {
            @inline(__always) func map(_ j: Int) -> (Double, Double) {
                let s = 1 / (1 + exp(-x[j]))
                return (lower[j] + span[j] * s, span[j] * s * (1 - s))
            }
            // τ0 by projection: its optimum often sits on τ0 = 0 for noisy curves, where the
            // logistic creeps for ~70 iterations; the clamp stops it there at once.
            let b = x[1] < lower[1] ? (lower[1], 0.0) : (x[1] > lower[1] + span[1] ? (lower[1] + span[1], 0.0) : (x[1], 1.0))
            let a = map(0), c = map(2), d = map(3)
            return (FermiParameters(amplitudePerS: a.0, shoulderS: b.0, washoutPerS: c.0, delayS: d.0), (a.1, b.1, c.1, d.1))
        }
        let x0 = (0..<4).map { j -> Double in
            let u = (start.array[j] - lower[j]) / span[j]
            return j == 1 ? start.array[j] : log(u / (1 - u))
        }
        let result = solver.solve(initial: x0, residuals: { x, f in
            let (p, _) = theta(x)
            model.evaluate(p, into: f)
            for i in 0..<n { f[i] -= tissue[i] }
            return f.allSatisfy(\.isFinite)
        }, jacobian: { x, j in
            let (p, scale) = theta(x)
            model.jacobian(p, columnScale: scale, into: j)
            return j.allSatisfy(\.isFinite)
        })
        let p = result.parameters.withUnsafeBufferPointer { theta($0).0 }
        // Quality on the grid.
        model.evaluate(p, into: scratch)
        var mean = 0.0
        for i in 0..<n { mean += tissue[i] }
        mean /= Double(n)
        var ssRes = 0.0, ssTot = 0.0
        for i in 0..<n {
            ssRes += (scratch[i] - tissue[i]) * (scratch[i] - tissue[i])
            ssTot += (tissue[i] - mean) * (tissue[i] - mean)
        }
        let r2 = ssTot > 0 ? 1 - ssRes / ssTot : .nan
        // "No progress" after a good fit means the trust region cannot improve an already
        // minimal cost (exact data): accept it when the relative residual is negligible.
        let exact = result.status == .noProgress && ssRes <= 1e-16 * max(ssTot, 1e-300) * Double(n)
        let converged = (result.converged || exact) && p.mbfMlPerMinPerG.isFinite
        return FermiFitResult(parameters: p, rSquared: r2, rmsResidualMmolPerL: (ssRes / Double(n)).squareRoot(),
                              converged: converged, iterations: result.iterations,
                              failure: converged ? nil : .notConverged(result.status.description))
    }
}
