import ArgumentParser

/// `--border-erosion N`: how many 3 × 3 erosion steps the myocardium gets before its pixels enter
/// the segment statistics (`analyze`, `compare`, `batch`; maps keep every pixel). Border pixels mix
/// in blood and fat (point spread, partial volume, residual motion). One step is the default; two
/// gave lower per-segment error on the phantoms (10 studies, learned finder: 9.2 → 8.1 %) but left
/// 40 % fewer pixels, so more segments are flagged for too few (Sources/Pipeline/README.md). A wall
/// too thin for the steps asked keeps fewer (`MyocardialCore`).
public struct BorderErosionOption: ParsableArguments {
    @Option(name: .customLong("border-erosion"),
            help: ArgumentHelp("Erosion steps (3 × 3) of the myocardium before segment statistics, 0–3.", valueName: "n"))
    public var steps: Int = 1

    public init() {}

    public func validate() throws {
        guard (0...3).contains(steps) else { throw ValidationError("--border-erosion must be 0, 1, 2 or 3, got \(steps)") }
    }
}
