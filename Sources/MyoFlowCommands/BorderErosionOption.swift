import ArgumentParser
import Pipeline

/// `--border-erosion auto|N`: how far the myocardium is eroded before its pixels enter the
/// segment statistics (`analyze`, `compare`, `batch`; maps keep every pixel). Border pixels mix in
/// blood and fat (point spread, partial volume, residual motion). `auto` (the default) keeps a
/// 2.5 mm margin, the nearest whole number of 3 × 3 steps at each slice's pixel size (two at
/// 1.2–1.6 mm, one from 1.7 mm; `BorderMargin`); N fixes the steps, 0–3. A wall too thin for the
/// steps asked keeps fewer (`MyocardialCore`).
public struct BorderErosionOption: ParsableArguments {
    @Option(name: .customLong("border-erosion"),
            help: ArgumentHelp("Myocardial border margin before segment statistics: 'auto' (2.5 mm, in whole pixels, at least one) or 0–3 erosion steps (3 × 3).",
                               valueName: "auto|n"))
    public var value: String = "auto"

    public init() {}

    /// The margin asked for.
    public var margin: BorderMargin { BorderMargin(parsing: value) ?? .automatic }

    public func validate() throws {
        switch BorderMargin(parsing: value) {
        case .millimetres?: return
        case .steps(let n)? where n <= 3: return
        default: throw ValidationError("--border-erosion must be auto, 0, 1, 2 or 3, got \(value)")
        }
    }
}
