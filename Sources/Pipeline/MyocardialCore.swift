import MyoFlowCore

/// The myocardium without its border pixels, for segment statistics and segment-mean curves:
/// pixels on the blood or epicardial border mix myocardial signal with blood (point-spread,
/// partial volume) and bring the blood's earlier, larger contrast passage into the tissue curve.
///
/// A pixel is kept when its 4-neighbours within `pixels` steps are all myocardium. Slices whose
/// wall is too thin to erode (fewer than `minimumFraction` of the pixels left) keep the full mask.
public enum MyocardialCore {
    public static func mask(_ myocardium: Mask, pixels: Int = 1, minimumFraction: Double = 0.3) -> Mask {
        guard pixels > 0 else { return myocardium }
        var current = myocardium
        for _ in 0..<pixels {
            var next = current
            for r in 0..<current.rows {
                for c in 0..<current.columns where current[r, c] {
                    let inside = r > 0 && r < current.rows - 1 && c > 0 && c < current.columns - 1
                        && current[r - 1, c] && current[r + 1, c] && current[r, c - 1] && current[r, c + 1]
                    if !inside { next.values[r * current.columns + c] = false }
                }
            }
            current = next
        }
        return Double(current.count) >= minimumFraction * Double(myocardium.count) ? current : myocardium
    }
}
