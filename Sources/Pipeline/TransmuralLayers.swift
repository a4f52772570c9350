import Foundation
import MyoFlowCore

/// Endocardial and epicardial halves of the myocardium of one slice.
///
/// Seen from the LV centre, each 5° ray's myocardial pixels span radii [r_endo, r_epi]; a pixel
/// with (r − r_endo)/(r_epi − r_endo) < ½ is endocardial (1), else epicardial (2); 0 outside the
/// myocardium. Distances use the pixel spacing, so anisotropic pixels are handled.
public enum TransmuralLayers {
    public static let endocardium: UInt8 = 1
    public static let epicardium: UInt8 = 2

    public static func labels(myocardium: Mask, lvCentre: PixelPosition, spacing: PixelSpacing, binDegrees: Double = 5) -> [UInt8] {
        let bins = max(8, Int((360 / binDegrees).rounded()))
        var inner = [Double](repeating: .infinity, count: bins), outer = [Double](repeating: -.infinity, count: bins)
        var polar = [(bin: Int, radius: Double)?](repeating: nil, count: myocardium.values.count)
        for r in 0..<myocardium.rows {
            for c in 0..<myocardium.columns where myocardium[r, c] {
                let dy = (Double(r) - lvCentre.row) * spacing.rowMm, dx = (Double(c) - lvCentre.column) * spacing.columnMm
                var a = atan2(dy, dx)
                if a < 0 { a += 2 * .pi }
                let b = min(bins - 1, Int(a / (2 * .pi) * Double(bins)))
                let d = (dx * dx + dy * dy).squareRoot()
                inner[b] = min(inner[b], d); outer[b] = max(outer[b], d)
                polar[r * myocardium.columns + c] = (b, d)
            }
        }
        return polar.map { p in
            guard let p else { return 0 }
            let span = outer[p.bin] - inner[p.bin]
            guard span > 0 else { return endocardium }
            return (p.radius - inner[p.bin]) / span < 0.5 ? endocardium : epicardium
        }
    }
}
