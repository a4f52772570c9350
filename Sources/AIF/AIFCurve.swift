import Physics

/// An arterial input function sampled at true acquisition times.
///
/// `gdMmolPerL[i]` is the Gd concentration at `timesSeconds[i]` (seconds from the first
/// acquisition of the study), baseline-subtracted, referenced to `reference` (whole blood unless
/// stated: a Fermi fit of whole-blood tissue and AIF curves gives blood flow).
public struct AIFCurve: Sendable, Equatable {
    public var timesSeconds: [Double]
    public var gdMmolPerL: [Double]
    public var reference: ConcentrationReference

    /// Throws when the arrays differ in length, times are not strictly increasing or finite.
    public init(timesSeconds: [Double], gdMmolPerL: [Double], reference: ConcentrationReference = .wholeBlood) throws {
        guard timesSeconds.count == gdMmolPerL.count else {
            throw AIFError.invalidCurve("AIF has \(timesSeconds.count) times but \(gdMmolPerL.count) concentrations")
        }
        guard timesSeconds.allSatisfy(\.isFinite), zip(timesSeconds, timesSeconds.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw AIFError.invalidCurve("AIF times must be finite and strictly increasing")
        }
        self.timesSeconds = timesSeconds
        self.gdMmolPerL = gdMmolPerL
        self.reference = reference
    }

    /// The same curve in another reference: plasma = blood/(1 − Hct) (physics §2, haematocrit).
    public func converted(to target: ConcentrationReference, haematocrit: Double) -> AIFCurve {
        var out = self
        out.gdMmolPerL = gdMmolPerL.map { reference.convert($0, to: target, haematocrit: haematocrit) }
        out.reference = target
        return out
    }
}
