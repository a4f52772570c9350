/// Why preprocessing could not proceed, with what the user can do about it.
public enum PreprocessingError: Error, Equatable, CustomStringConvertible {
    case tooFewFrames(series: String, dynamicFrames: Int, needed: Int)
    case noEnhancement(series: String)
    case noLVFound(series: String, detail: String)

    public var description: String {
        switch self {
        case let .tooFewFrames(series, n, needed):
            return "series \(series): \(n) dynamic frame(s), at least \(needed) are needed to follow the contrast passage"
        case let .noEnhancement(series):
            return "series \(series): no contrast enhancement found (all-constant or all-zero series?); check that this is a perfusion series"
        case let .noLVFound(series, detail):
            return "series \(series): no LV blood pool found (\(detail)); give the LV centre with --lv-centre ROW,COL"
        }
    }
}
