import AIF
import Dispatch
import Foundation
import MyoFlowCore
import Numerics

/// Pixel-wise Fermi maps with per-pixel quality, so bad pixels are flagged, not hidden.
public struct PixelwiseFermiMaps: Sendable {
    public let rows: Int
    public let columns: Int
    /// MBF, ml/min/g, row-major; NaN where no fit ran (outside the mask or a rejected curve).
    public var mbfMlPerMinPerG: [Float]
    /// R² of each fit (NaN where no fit ran).
    public var rSquared: [Float]
    /// True where the fit converged without a failure.
    public var converged: [Bool]
    /// Per-pixel results inside the mask (nil outside), with the failure reasons.
    public var results: [FermiFitResult?]
    /// The fit of the mask-mean curve that seeded the pixel fits.
    public var meanCurveFit: FermiFitResult

    /// Pixels fitted (inside the mask).
    public var fittedCount: Int { results.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
    /// Pixels inside the mask whose fit is flagged.
    public var flaggedCount: Int { results.reduce(0) { $0 + (($1.map { !$0.converged }) == true ? 1 : 0) } }
}

/// Fermi-constrained deconvolution of every pixel of a concentration series, in parallel across
/// cores (one `FermiFitter` per worker; OpenBLAS set single-threaded meanwhile).
///
/// The mean curve of the mask is fitted first and seeds every pixel (its F rescaled by the
/// pixel's peak), which halves the iterations; a pixel whose seeded fit fails to converge or
/// fits poorly (R² < `poorFitRSquared`, or a residual above `poorFitResidualToNoise` × its noise)
/// is refitted from the data-driven starts. Converged fits then pass the
/// `PixelFitQuality` gates (F on its upper bound; a poor fit far above the curve's noise), so a
/// pixel holding blood is flagged rather than averaged into its segment.
public enum PixelwiseFermiFit {
    /// - Parameters:
    ///   - tissueGd: [Gd] series, mmol/L, baseline-subtracted (`ConcentrationConversion` output);
    ///     its PD frames, if any, are skipped; its `timesSeconds` are the tissue times.
    ///   - aif: the AIF (blood Gd) at its own acquisition times.
    ///   - mask: pixels to fit (e.g. the myocardium); nil fits every pixel.
    /// - Throws: `KineticsError` when the AIF is unusable or the mask does not match the series.
    public static func fit(tissueGd: ImageSeries, aif: AIFCurve, mask: Mask? = nil,
                           options: FermiFitOptions = FermiFitOptions()) throws -> PixelwiseFermiMaps {
        let n = tissueGd.pixelsPerFrame
        if let mask, mask.rows != tissueGd.rows || mask.columns != tissueGd.columns {
            throw KineticsError.invalidInput("mask is \(mask.rows)×\(mask.columns), series '\(tissueGd.displayName)' is \(tissueGd.rows)×\(tissueGd.columns)")
        }
        let frames = tissueGd.dynamicFrameIndices
        let times = frames.map { tissueGd.timesSeconds[$0] }
        let prepared = try PreparedAIF(aif: aif, tissueTimesSeconds: times, options: options)
        let pixels = (0..<n).filter { mask?.values[$0] ?? true }
        guard !pixels.isEmpty else { throw KineticsError.invalidInput("the mask selects no pixel") }
        let series = tissueGd.pixels
        @Sendable func curve(_ p: Int) -> [Double] { frames.map { Double(series[$0 * n + p]) } }

        // Seed: the mean curve over the mask's finite pixels.
        var mean = [Double](repeating: 0, count: frames.count)
        var used = 0
        for p in pixels {
            let c = curve(p)
            guard c.allSatisfy(\.isFinite) else { continue }
            for k in c.indices { mean[k] += c[k] }
            used += 1
        }
        if used > 0 { for k in mean.indices { mean[k] /= Double(used) } }
        let seedFit = FermiFitter(prepared: prepared, options: options).fit(tissueGd: mean)
        let seed: FermiParameters? = seedFit.converged ? seedFit.parameters : nil
        let meanPeak = max(mean.max() ?? 0, 1e-12)

        let results = FermiDeconvolution.parallelMap(count: pixels.count, prepared: prepared, options: options) { fitter, i in
            let c = curve(pixels[i])
            var start = seed
            if let s = seed, let peak = c.max(), peak.isFinite, peak > 0 {
                start!.amplitudePerS = s.amplitudePerS * peak / meanPeak
            }
            let first = fitter.fit(tissueGd: c, initial: start)
            // A seeded fit that did not converge, explains little, or leaves a residual well above
            // the curve's noise (a local minimum near a seed from a different-looking mean) is
            // refitted from the data-driven starts.
            let poor = first.rSquared < options.poorFitRSquared || first.residualToNoise > options.poorFitResidualToNoise
            if start != nil, first.failure.map({ if case .notConverged = $0 { return true }; return false }) ?? poor {
                let retry = fitter.fit(tissueGd: c)
                if retry.converged != first.converged { return retry.converged ? retry : first }
                return retry.rmsResidualMmolPerL < first.rmsResidualMmolPerL ? retry : first
            }
            return first
        }.map { PixelFitQuality.checked($0, options: options) }
        var maps = PixelwiseFermiMaps(rows: tissueGd.rows, columns: tissueGd.columns,
                                      mbfMlPerMinPerG: [Float](repeating: .nan, count: n),
                                      rSquared: [Float](repeating: .nan, count: n),
                                      converged: [Bool](repeating: false, count: n),
                                      results: [FermiFitResult?](repeating: nil, count: n), meanCurveFit: seedFit)
        for (i, p) in pixels.enumerated() {
            let r = results[i]
            maps.results[p] = r
            maps.mbfMlPerMinPerG[p] = Float(r.mbfMlPerMinPerG)
            maps.rSquared[p] = Float(r.rSquared)
            maps.converged[p] = r.converged
        }
        return maps
    }
}
