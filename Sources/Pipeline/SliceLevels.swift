import Anatomy

/// AHA level of each slice of a base → apex stack.
///
/// Convention: slice i of n sits at the fraction (i + ½)/n of the stack; the first third is
/// basal, the second mid, the last apical. Three slices give basal, mid, apical; four give
/// basal, mid, mid, apical; one slice is taken as mid. With more than one slice per level, a
/// segment's statistics pool the pixels of every slice at that level.
public enum SliceLevels {
    public static func levels(count n: Int) -> [SliceLevel] {
        guard n > 1 else { return n == 1 ? [.mid] : [] }
        return (0..<n).map { i in
            let f = (Double(i) + 0.5) / Double(n)
            return f < 1.0 / 3 ? .basal : (f < 2.0 / 3 ? .mid : .apical)
        }
    }
}
