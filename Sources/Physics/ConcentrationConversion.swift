import MyoFlowCore

/// A Gd concentration series: the dynamic frames of a PD-normalised series converted to mmol/L.
public struct ConcentrationSeries: Sendable, Equatable {
    /// Dynamic frames only (PD frames dropped, `pdFrameIndices` empty), with their true times.
    public var gd: ImageSeries
    /// Indices into `gd` (dynamic-frame numbering) used as the pre-contrast baseline.
    public var baselineFrames: [Int]
    /// Samples whose signal lay outside the model's range and were clamped.
    public var clampedCount: Int
    public var reference: ConcentrationReference
}

/// Converts PD-normalised series to [Gd] pixel by pixel (physics-and-acquisition.md §2 and §10
/// item 2: baseline = mean of the pre-contrast frames after the PD frames).
public enum ConcentrationConversion {
    /// Dynamic-frame indices (numbered within the dynamic frames) acquired before `arrivalS`
    /// minus a margin; without an arrival time, the first `fallbackCount` dynamic frames. Never
    /// empty when the series has a dynamic frame.
    public static func baselineFrames(of series: ImageSeries, arrivalS: Double?, marginS: Double = 1, fallbackCount: Int = 4) -> [Int] {
        let times = series.dynamicFrameIndices.map { series.timesSeconds[$0] }
        guard !times.isEmpty else { return [] }
        if let arrivalS {
            let before = times.indices.filter { times[$0] < arrivalS - marginS }
            if !before.isEmpty { return before }
            return [0]
        }
        return Array(0..<min(fallbackCount, times.count))
    }

    /// Converts every dynamic frame: [Gd] = f⁻¹(s), then subtracts the per-pixel mean [Gd] of the
    /// baseline frames so pre-contrast tissue reads 0 whatever residual PD-scaling error remains.
    /// - Parameters:
    ///   - normalised: PD-normalised series (`SurfaceCoilCorrection` output).
    ///   - inversion: the tissue's signal inversion (blood T1 for the AIF, myocardium for tissue).
    ///   - baselineFrames: indices within the dynamic frames; empty disables the subtraction.
    public static func convert(normalised: ImageSeries, inversion: SignalInversion, baselineFrames: [Int]) throws -> ConcentrationSeries {
        let dynamic = normalised.dynamicFrameIndices
        guard !dynamic.isEmpty else {
            throw PhysicsError.invalidParameter("series '\(normalised.displayName)' has no dynamic frames to convert")
        }
        guard baselineFrames.allSatisfy({ (0..<dynamic.count).contains($0) }) else {
            throw PhysicsError.invalidParameter("baseline frames \(baselineFrames) outside the \(dynamic.count) dynamic frames")
        }
        let n = normalised.pixelsPerFrame
        var out = [Float](repeating: 0, count: dynamic.count * n)
        var clamped = 0
        for (k, f) in dynamic.enumerated() {
            for p in 0..<n {
                let r = inversion.concentration(normalisedSignal: Double(normalised.pixels[f * n + p]))
                if r.clamped { clamped += 1 }
                out[k * n + p] = Float(r.gdMmolPerL)
            }
        }
        if !baselineFrames.isEmpty {
            for p in 0..<n {
                var sum = 0.0
                for k in baselineFrames { sum += Double(out[k * n + p]) }
                let base = Float(sum / Double(baselineFrames.count))
                for k in 0..<dynamic.count { out[k * n + p] -= base }
            }
        }
        let series = try ImageSeries(frames: dynamic.count, rows: normalised.rows, columns: normalised.columns, pixels: out,
                                     geometry: normalised.geometry, timesSeconds: dynamic.map { normalised.timesSeconds[$0] },
                                     sequence: normalised.sequence, seriesInstanceUID: normalised.seriesInstanceUID,
                                     seriesDescription: normalised.seriesDescription + " [Gd mmol/L]")
        return ConcentrationSeries(gd: series, baselineFrames: baselineFrames, clampedCount: clamped, reference: .wholeBlood)
    }
}
