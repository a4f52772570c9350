import AIF
import Physics
import Foundation

/// An AIF made ready for many fits against tissue curves sampled at one set of times: first-pass
/// features, the fit window, the AIF on the uniform grid, and the tissue resampling map.
public struct PreparedAIF: Sendable {
    public let features: FirstPassFeatures
    /// Fit window on the uniform grid, s.
    public let windowStartS: Double
    public let windowEndS: Double
    /// The AIF on the grid, mmol/L (0 before its first sample: baseline-subtracted).
    public let aifOnGrid: [Double]
    /// Tissue times → grid map.
    public let tissueResampler: UniformResampler
    /// The tissue acquisition times, s.
    public let tissueTimesSeconds: [Double]
    /// Tissue samples (original times) inside the window.
    public let tissueSamplesInWindow: Int
    public let reference: ConcentrationReference

    public var gridStepS: Double { tissueResampler.stepS }
    public var gridCount: Int { tissueResampler.count }

    /// Prepares `aif` for tissue curves sampled at `tissueTimesSeconds`. Throws
    /// `CurveFitFailure` (as `KineticsError.curve`) when the AIF has no first pass, holds NaN,
    /// or the window holds too few samples.
    public init(aif: AIFCurve, tissueTimesSeconds: [Double], options: FermiFitOptions = FermiFitOptions()) throws {
        guard aif.gdMmolPerL.allSatisfy(\.isFinite) else {
            let i = aif.gdMmolPerL.firstIndex { !$0.isFinite }!
            throw KineticsError.curve(.nonFinite("AIF at t = \(aif.timesSeconds[i]) s"))
        }
        guard tissueTimesSeconds.count >= 2, tissueTimesSeconds.allSatisfy(\.isFinite),
              zip(tissueTimesSeconds, tissueTimesSeconds.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw KineticsError.curve(.invalidInput("tissue times must be finite, strictly increasing, at least 2"))
        }
        let features: FirstPassFeatures
        do {
            features = try FirstPassFeatures.detect(timesSeconds: aif.timesSeconds, values: aif.gdMmolPerL, options: options.firstPass)
        } catch let error as AIFError {
            if case let .noFirstPass(why) = error { throw KineticsError.curve(.noFirstPass(why)) }
            throw KineticsError.curve(.invalidInput(error.description))
        }
        let start = max(features.footS - options.preFootS, tissueTimesSeconds[0], aif.timesSeconds[0])
        let end = min(features.valleyS + options.postValleyS, tissueTimesSeconds.last!, aif.timesSeconds.last!)
        let inWindow = tissueTimesSeconds.filter { $0 >= start && $0 <= end }.count
        guard end > start, inWindow >= options.minimumSamples else {
            throw KineticsError.curve(.tooShort(samples: inWindow, needed: options.minimumSamples))
        }
        let count = Int(((end - start) / options.gridStepS).rounded(.down)) + 1
        guard count >= 4 else { throw KineticsError.curve(.tooShort(samples: count, needed: 4)) }
        self.features = features
        windowStartS = start
        windowEndS = start + Double(count - 1) * options.gridStepS
        let aifMap = UniformResampler(sourceTimesSeconds: aif.timesSeconds, startS: start, stepS: options.gridStepS, count: count)
        aifOnGrid = aifMap.resample(aif.gdMmolPerL)
        tissueResampler = UniformResampler(sourceTimesSeconds: tissueTimesSeconds, startS: start, stepS: options.gridStepS, count: count)
        tissueSamplesInWindow = inWindow
        self.tissueTimesSeconds = tissueTimesSeconds
        reference = aif.reference
    }
}
