/// Errors of AIF extraction and curve analysis. Messages say what was wrong and what to do.
public enum AIFError: Error, Equatable, CustomStringConvertible {
    /// The curve arrays are inconsistent.
    case invalidCurve(String)
    /// No first pass could be found in the curve.
    case noFirstPass(String)
    /// The series has no usable blood pool.
    case bloodPoolNotFound(series: String, detail: String)
    /// The series lacks what extraction needs (frames, sequence parameters).
    case unusableSeries(series: String, detail: String)

    public var description: String {
        switch self {
        case let .invalidCurve(detail): return "AIF curve: \(detail)"
        case let .noFirstPass(detail): return "AIF has no first pass: \(detail)"
        case let .bloodPoolNotFound(series, detail):
            return "no LV blood pool found in series '\(series)': \(detail); check the AIF series or draw the ROI manually"
        case let .unusableSeries(series, detail): return "series '\(series)' cannot give an AIF: \(detail)"
        }
    }
}
