import Anatomy

/// AHA level of each slice of a base → apex stack.
///
/// Convention: slice i of n sits at the fraction (i + ½)/n of the stack; the first third is
/// basal, the second mid, the last apical. Three slices give basal, mid, apical; four give
/// basal, mid, mid, apical; one slice is taken as mid. With more than one slice per level, a
/// segment's statistics pool the pixels of every slice at that level. The stack position cannot
/// tell which part of the LV one or two slices cover, so those get a warning and the user can
/// name the levels (`AnalysisOptions.sliceLevels`, `--levels`).
public enum SliceLevels {
    public static func levels(count n: Int) -> [SliceLevel] {
        guard n > 1 else { return n == 1 ? [.mid] : [] }
        return (0..<n).map { i in
            let f = (Double(i) + 0.5) / Double(n)
            return f < 1.0 / 3 ? .basal : (f < 2.0 / 3 ? .mid : .apical)
        }
    }

    /// The user's levels when given (one per slice, else an error naming both counts), otherwise
    /// those of the stack position.
    public static func levels(count n: Int, given: [SliceLevel]?) throws -> [SliceLevel] {
        guard let given else { return levels(count: n) }
        guard given.count == n else {
            throw PipelineError.invalidArgument("--levels names \(given.count) level(s) (\(given.map(\.rawValue).joined(separator: ", "))) but the study has \(n) high-res slice(s); give one level per slice, base → apex")
        }
        return given
    }

    /// A warning for stacks whose levels are a guess (fewer than three slices).
    public static func note(count n: Int) -> String? {
        guard (1...2).contains(n) else { return nil }
        let assumed = levels(count: n).map(\.rawValue).joined(separator: ", ")
        return "\(n) high-res slice\(n == 1 ? "" : "s"): AHA level\(n == 1 ? "" : "s") taken as \(assumed) from the stack position; if \(n == 1 ? "it is" : "they are") another level, pass --levels (e.g. --levels \(n == 1 ? "apical" : "basal,mid"))"
    }
}
