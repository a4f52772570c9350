import Foundation

/// Foot, peak and valley of an AIF's first pass, and the fit window derived from them
/// (physics-and-acquisition.md §10 items 3–4: features on the smoothed AIF; window from the foot
/// to the valley before recirculation).
public struct FirstPassFeatures: Sendable, Equatable {
    /// Time at which the bolus arrives (last smoothed sample still near baseline), s.
    public var footS: Double
    /// Time of the first-pass maximum of the smoothed curve, s.
    public var peakS: Double
    /// Peak concentration of the smoothed curve, mmol/L.
    public var peakMmolPerL: Double
    /// Full width at half maximum of the first pass, s.
    public var fwhmS: Double
    /// End of the first pass: the valley before recirculation, or a capped window, s.
    public var valleyS: Double
    /// True when a real valley (local minimum) ended the first pass; false when the window was capped.
    public var valleyFound: Bool

    /// Options of the detector. Defaults follow §10: σ ≈ 1 s smoothing, foot at 10% of the rise,
    /// window capped at foot + 3·FWHM or 25 s.
    public struct Options: Sendable, Equatable {
        public var smoothingSigmaS: Double = 1.0
        /// Fraction of the peak (above baseline) that marks the end of the foot.
        public var footFraction: Double = 0.1
        /// The valley must be below this fraction of the peak.
        public var valleyMaximumFraction: Double = 0.6
        /// Longest first-pass window after the foot, s.
        public var maximumWindowS: Double = 25
        /// Window cap in FWHMs after the peak when no valley is seen.
        public var fwhmMultiple: Double = 3
        /// Minimum peak-to-noise ratio for a first pass to count.
        public var minimumPeakToNoise: Double = 5
        public init() {}
    }

    /// Detects the first pass of a baseline-subtracted curve. Throws `AIFError.noFirstPass` with
    /// the reason when the curve is too short, non-finite, has no rise, or peaks at either end.
    public static func detect(timesSeconds t: [Double], values y: [Double], options: Options = Options()) throws -> FirstPassFeatures {
        guard t.count == y.count else { throw AIFError.invalidCurve("\(t.count) times but \(y.count) values") }
        guard t.count >= 6 else { throw AIFError.noFirstPass("only \(t.count) samples; at least 6 are needed") }
        guard y.allSatisfy(\.isFinite), t.allSatisfy(\.isFinite) else { throw AIFError.noFirstPass("curve contains NaN or infinite values") }
        let s = smoothed(t, y, sigma: options.smoothingSigmaS)
        let n = s.count
        let iPeak = s.indices.max { s[$0] < s[$1] }!
        // Noise from first differences (robust to slow trends): σ ≈ median|Δy|/(0.6745·√2).
        let diffs = zip(y.dropFirst(), y).map { abs($0 - $1) }.sorted()
        let noise = max(diffs[diffs.count / 2] / (0.6745 * 2.0.squareRoot()), 1e-12)
        // Baseline: median of the raw samples before the rise (first quarter up to the peak).
        let pre = Array(y[0..<max(1, iPeak / 4 + 1)]).sorted()
        let baseline = pre[pre.count / 2]
        let height = s[iPeak] - baseline
        guard height > 0, height >= options.minimumPeakToNoise * noise else {
            throw AIFError.noFirstPass(String(format: "peak %.3g above baseline is below %.0f× the noise (%.3g)", height, options.minimumPeakToNoise, noise))
        }
        guard iPeak > 0 else { throw AIFError.noFirstPass("the curve is highest at its first sample (bolus before the acquisition?)") }
        guard iPeak < n - 1 else { throw AIFError.noFirstPass("the curve rises to its last sample (no wash-out: acquisition too short?)") }
        // Foot: last sample before the peak below baseline + fraction·height.
        var iFoot = 0
        for i in stride(from: iPeak, through: 0, by: -1) where s[i] <= baseline + options.footFraction * height {
            iFoot = i
            break
        }
        let half = baseline + 0.5 * height
        let rise = crossing(t, s, level: half, from: iPeak, step: -1)
        let fall = crossing(t, s, level: half, from: iPeak, step: 1)
        guard let fall else {
            throw AIFError.noFirstPass("the curve ends before falling to half its peak (acquisition too short for the first pass)")
        }
        let fwhm = fall - (rise ?? t[0])
        // Valley: first local minimum of the smoothed curve after the half-maximum fall.
        let cap = min(t[iFoot] + options.maximumWindowS, t[iPeak] + options.fwhmMultiple * fwhm)
        var valley: Double? = nil
        if n >= 3 {
            for i in (iPeak + 1)..<(n - 1) where t[i] <= cap + 1e-9 {
                if s[i] <= s[i - 1] && s[i] < s[i + 1] && s[i] - baseline < options.valleyMaximumFraction * height {
                    valley = t[i]
                    break
                }
            }
        }
        return FirstPassFeatures(footS: t[iFoot], peakS: t[iPeak], peakMmolPerL: s[iPeak], fwhmS: fwhm,
                                 valleyS: valley ?? min(cap, t[n - 1]), valleyFound: valley != nil)
    }

    /// Gaussian kernel smoothing on irregular samples (normalised weights, σ in seconds).
    static func smoothed(_ t: [Double], _ y: [Double], sigma: Double) -> [Double] {
        guard sigma > 0 else { return y }
        return t.indices.map { i in
            var sw = 0.0, sy = 0.0
            for j in t.indices where abs(t[j] - t[i]) <= 3 * sigma {
                let d = (t[j] - t[i]) / sigma
                let w = exp(-0.5 * d * d)
                sw += w
                sy += w * y[j]
            }
            return sy / sw
        }
    }

    /// First time, walking from `start` in direction `step`, where the curve crosses `level`
    /// (linear interpolation); nil when it never does.
    static func crossing(_ t: [Double], _ s: [Double], level: Double, from start: Int, step: Int) -> Double? {
        var i = start
        while i + step >= 0 && i + step < s.count {
            let j = i + step
            if s[j] < level {
                let f = (s[i] - level) / (s[i] - s[j])
                return t[i] + f * (t[j] - t[i])
            }
            i = j
        }
        return nil
    }
}
