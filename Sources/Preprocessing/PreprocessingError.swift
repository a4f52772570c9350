/// Why preprocessing could not proceed, with what the user can do about it.
public enum PreprocessingError: Error, Equatable, CustomStringConvertible {
    case tooFewFrames(series: String, dynamicFrames: Int, needed: Int)
    case noEnhancement(series: String)
    case noLVFound(series: String, detail: String)
    case modelMissing(name: String, searched: [String])
    case badReferenceFrame(series: String, frame: Int, frames: Int)
    case lvCentreOutsideImage(series: String, row: Double, column: Double, rows: Int, columns: Int)

    public var description: String {
        switch self {
        case let .tooFewFrames(series, n, needed):
            return "series \(series): \(n) dynamic frame(s), at least \(needed) are needed to follow the contrast passage"
        case let .noEnhancement(series):
            return "series \(series): no contrast enhancement found (all-constant or all-zero series?); check that this is a perfusion series"
        case let .noLVFound(series, detail):
            return "series \(series): no LV blood pool found (\(detail)); `myoflow segment` and `myoflow analyze` take the LV centre as --lv-centre ROW,COL (native pixels, 0-based)"
        case let .modelMissing(name, searched):
            return "model file \(name) not found; looked in: \(searched.joined(separator: ", ")). Pass --model-dir DIR (the folder holding \(name))"
        case let .badReferenceFrame(series, frame, frames):
            return "series \(series): reference frame \(frame) is outside the series' \(frames) frames (0-based)"
        case let .lvCentreOutsideImage(series, row, column, rows, columns):
            return "series \(series): the given LV centre (\(row), \(column)) lies outside the \(rows) × \(columns) image; --lv-centre takes ROW,COL in native pixels, 0-based"
        }
    }
}
