import AIF
import MyoFlowCore

/// The fit of one region's mean curve (an AHA segment, a manual ROI).
public struct SegmentFitResult: Sendable, Equatable {
    public var name: String
    /// Pixels averaged (finite curves inside the mask).
    public var pixelCount: Int
    /// The mean tissue curve, mmol/L, at the series' dynamic-frame times.
    public var meanCurveGd: [Double]
    public var fit: FermiFitResult
}

/// Segment-mean curve fits: average each region's pixel curves, then fit the mean (more robust
/// than averaging pixel MBFs at low SNR).
public enum SegmentFit {
    /// - Parameters:
    ///   - tissueGd: [Gd] series (PD frames, if any, skipped).
    ///   - segments: named masks on the series' grid; an empty mask gives a flagged result.
    ///   - aif: the AIF at its own times.
    /// - Throws: `KineticsError.invalidInput` when a mask does not match the series.
    public static func fit(tissueGd: ImageSeries, segments: [(name: String, mask: Mask)], aif: AIFCurve,
                           options: FermiFitOptions = FermiFitOptions()) throws -> [SegmentFitResult] {
        let n = tissueGd.pixelsPerFrame
        let frames = tissueGd.dynamicFrameIndices
        let times = frames.map { tissueGd.timesSeconds[$0] }
        var curves: [[Double]] = []
        var counts: [Int] = []
        for segment in segments {
            guard segment.mask.rows == tissueGd.rows, segment.mask.columns == tissueGd.columns else {
                throw KineticsError.invalidInput("mask of segment '\(segment.name)' is \(segment.mask.rows)×\(segment.mask.columns), series is \(tissueGd.rows)×\(tissueGd.columns)")
            }
            var mean = [Double](repeating: 0, count: frames.count)
            var used = 0
            for p in 0..<n where segment.mask.values[p] {
                let c = frames.map { Double(tissueGd.pixels[$0 * n + p]) }
                guard c.allSatisfy(\.isFinite) else { continue }
                for k in c.indices { mean[k] += c[k] }
                used += 1
            }
            curves.append(used > 0 ? mean.map { $0 / Double(used) } : [Double](repeating: .nan, count: frames.count))
            counts.append(used)
        }
        let fits = FermiDeconvolution.fit(curves: curves, tissueTimesSeconds: times, aif: aif, options: options)
        return segments.indices.map { i in
            var fit = fits[i]
            if counts[i] == 0 { fit = .failed(.invalidInput("segment '\(segments[i].name)' has no pixel with a finite curve")) }
            return SegmentFitResult(name: segments[i].name, pixelCount: counts[i], meanCurveGd: curves[i], fit: fit)
        }
    }
}
