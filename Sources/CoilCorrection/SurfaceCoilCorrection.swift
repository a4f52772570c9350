import Foundation
import MyoFlowCore

/// A series divided by its coil map: dynamic frames carry the PD-normalised signal
/// s = S_SR / LP(S_PD) · sin α_PD / sin α_SR (= Mz,SR/Mz,PD, physics-and-acquisition.md §2 and §7),
/// PD frames carry S_PD / LP(S_PD) (≈ 1 where the PD is smooth).
public struct CoilCorrectedSeries: Sendable, Equatable {
    /// Same frames, times and geometry as the input; pixels are dimensionless ratios.
    public var series: ImageSeries
    /// LP(mean PD frame): the coil sensitivity × proton density estimate (input signal units).
    public var coilMap: Image2D
    /// Pixels used for the coil map (PD above the foreground threshold).
    public var foreground: Mask
    /// sin α_PD / sin α_SR applied to the dynamic frames.
    public var flipScale: Double
}

/// Surface-coil (and M0) correction by PD normalisation: each aligned dynamic frame is divided by
/// the aligned, low-pass-filtered PD image and scaled by the sin(flip) ratio. Works for the
/// high-res slices and the AIF slice alike; the frames must already be motion-corrected.
public enum SurfaceCoilCorrection {
    /// How the mean PD image is smoothed into the coil map.
    public enum Smoothing: Sendable, Equatable {
        /// Normalised Gaussian convolution over the foreground, σ in millimetres (default 8 mm:
        /// far below the ~100 mm scale of coil fields, well above the noise grain).
        case gaussian(sigmaMm: Double)
        /// A smooth polynomial surface of log(PD) over the foreground (for noisy PD images).
        case polynomial(order: Int)
        /// No smoothing: divide by the raw mean PD image.
        case none
    }

    public struct Options: Sendable, Equatable {
        public var smoothing: Smoothing = .gaussian(sigmaMm: 8)
        /// Foreground: mean PD above this fraction of its 99th percentile (relative, no fixed
        /// intensity).
        public var foregroundFraction: Double = 0.1
        /// Flip angles when the series lacks them (degrees).
        public var srFlipAngleDeg: Double? = nil
        public var pdFlipAngleDeg: Double? = nil
        public init(smoothing: Smoothing = .gaussian(sigmaMm: 8)) { self.smoothing = smoothing }
    }

    /// Corrects one aligned series.
    /// - Throws: `CoilCorrectionError` when the series has no PD frames, lacks a flip angle, or
    ///   has no foreground.
    public static func correct(series: ImageSeries, options: Options = Options()) throws -> CoilCorrectedSeries {
        let name = series.displayName
        guard !series.pdFrameIndices.isEmpty else { throw CoilCorrectionError.noPDFrames(series: name) }
        guard let srFlip = options.srFlipAngleDeg ?? series.sequence.flipAngleDeg, srFlip > 0, srFlip < 180 else {
            throw CoilCorrectionError.missingFlipAngle(series: name, which: "saturation-recovery readout")
        }
        guard let pdFlip = options.pdFlipAngleDeg ?? series.sequence.pdFlipAngleDeg, pdFlip > 0, pdFlip < 180 else {
            throw CoilCorrectionError.missingFlipAngle(series: name, which: "PD readout")
        }
        let n = series.pixelsPerFrame
        var pd = [Double](repeating: 0, count: n)
        for f in series.pdFrameIndices { for p in 0..<n { pd[p] += Double(series.pixels[f * n + p]) } }
        for p in 0..<n { pd[p] /= Double(series.pdFrameIndices.count) }
        let finite = pd.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { throw CoilCorrectionError.noForeground(series: name) }
        let p99 = finite[min(finite.count - 1, Int(0.99 * Double(finite.count)))]
        let threshold = options.foregroundFraction * p99
        let foreground = pd.map { $0.isFinite && $0 > threshold && p99 > 0 }
        let foregroundCount = foreground.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard foregroundCount > 0 else { throw CoilCorrectionError.noForeground(series: name) }
        let foregroundMean = zip(pd, foreground).reduce(0.0) { $0 + ($1.1 ? $1.0 : 0) } / Double(foregroundCount)

        var map: [Double]
        switch options.smoothing {
        case .none:
            map = pd
        case let .gaussian(sigmaMm):
            guard sigmaMm > 0, sigmaMm.isFinite else { throw CoilCorrectionError.invalidOption("Gaussian σ must be positive, got \(sigmaMm) mm") }
            let weights = foreground.map { $0 ? 1.0 : 0.0 }
            let smoothed = GaussianSmoothing.normalised(pd.map { $0.isFinite ? $0 : 0 }, weights: weights, rows: series.rows, columns: series.columns,
                                                        sigmaRows: sigmaMm / series.geometry.spacing.rowMm,
                                                        sigmaColumns: sigmaMm / series.geometry.spacing.columnMm)
            // Far from any foreground pixel the normalised convolution has no support: use the
            // foreground mean there (background only; it never reaches the heart).
            map = zip(smoothed.values, smoothed.weight).map { $1 > 1e-3 ? $0 : foregroundMean }
        case let .polynomial(order):
            guard (0...6).contains(order) else { throw CoilCorrectionError.invalidOption("polynomial order must be 0–6, got \(order)") }
            guard let surface = PolynomialSurface.fitLog(pd, mask: foreground, rows: series.rows, columns: series.columns, order: order) else {
                throw CoilCorrectionError.noForeground(series: name)
            }
            map = surface
        }
        let flipScale = sin(pdFlip * .pi / 180) / sin(srFlip * .pi / 180)
        let pdSet = Set(series.pdFrameIndices)
        var out = series
        for f in 0..<series.frames {
            let scale = pdSet.contains(f) ? 1 : flipScale
            for p in 0..<n {
                let m = map[p]
                out.pixels[f * n + p] = m > 0 && m.isFinite ? Float(Double(series.pixels[f * n + p]) / m * scale) : .nan
            }
        }
        out.seriesDescription = series.seriesDescription + " [PD-normalised]"
        let coilMap = try Image2D(rows: series.rows, columns: series.columns, pixels: map.map(Float.init))
        return CoilCorrectedSeries(series: out, coilMap: coilMap,
                                   foreground: Mask(rows: series.rows, columns: series.columns, values: foreground), flipScale: flipScale)
    }
}
