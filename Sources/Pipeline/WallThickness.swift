import Foundation
import MyoFlowCore

/// The mean myocardial wall thickness of a short-axis slice, from its label areas: the LV blood
/// pool and the myocardium taken as concentric discs (A_pool = πr², A_pool + A_myo = πR²), so the
/// wall is R − r. Exact for a ring, a fair mean for a real one, and independent of where the wall
/// is thick or thin.
public enum WallThickness {
    /// Thickness in pixels (nil without myocardium).
    public static func meanPixels(_ labels: LabelMap) -> Double? {
        let pool = Double(labels.mask(.lvBlood).count), wall = Double(labels.mask(.myocardium).count)
        guard wall > 0 else { return nil }
        return ((pool + wall) / .pi).squareRoot() - (pool / .pi).squareRoot()
    }

    /// Walls thinner than this many pixels leave a core (one erosion step from each border) of one
    /// or two pixels, each within the point spread of blood or fat. Stress-LAD phantom, no motion,
    /// true anatomy, normal segments (`AcquisitionSweep --true-anatomy --segments pixel=P,still`):
    /// −1 % at 1.2 mm pixels (walls 5.5–9 px), −4 to −7 % at 2 mm (3.4–5.5 px), −4 to −14 % at
    /// 2.5 mm and about −10 % at 3 mm (2.3–3.7 px); at rest flow the same walls read −2 to −5 %.
    public static let partialVolumeWarningPixels = 3.5

    /// A warning for a slice whose wall spans fewer than `partialVolumeWarningPixels` pixels
    /// (`pixelMm`: the slice's mean pixel spacing, for the message).
    public static func warning(_ labels: LabelMap, pixelMm: Double) -> String? {
        guard let t = meanPixels(labels), t < partialVolumeWarningPixels else { return nil }
        return String(format: "the myocardial wall spans only %.1f pixels (%.1f mm at %.1f mm pixels): partial volume with blood and the tissue around the heart biases pixel MBF low (on the phantom at stress flow, about 10 %% at 2.5–3 mm pixels even with the true anatomy); finer pixels measure it better", t, t * pixelMm, pixelMm)
    }
}
