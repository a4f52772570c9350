import Foundation
import MyoFlowCore

/// A user-given LV centre (`--lv-centre ROW,COL`, native pixels of the high-res slices): its check
/// against a series' grid and its map onto another series' grid (the AIF series) through the
/// DICOM geometry.
public enum GivenLVCentre {
    /// Largest angle between two slice planes across which a point is mapped, degrees: beyond it
    /// the projection along the target's normal no longer lands on the same anatomy.
    public static let maximumPlaneAngleDeg = 30.0

    /// Throws `invalidParameter` naming the series when `centre` is not finite or lies outside its
    /// rows × columns (fractional positions from 0 to rows − 1 and columns − 1 are inside).
    public static func check(_ centre: PixelPosition, in series: ImageSeries) throws {
        guard centre.row.isFinite, centre.column.isFinite, centre.row >= 0, centre.column >= 0,
              centre.row <= Double(series.rows - 1), centre.column <= Double(series.columns - 1) else {
            let name = series.displayName
            throw MotionCorrectionError.invalidParameter(
                name: "LV centre",
                detail: "(\(centre.row), \(centre.column)) is outside series '\(name)' (\(series.rows) rows × \(series.columns) columns); give --lv-centre ROW,COL in native pixels of the high-res slices, 0-based")
        }
    }

    /// `centre` (pixels of a slice with geometry `source`) as pixels of `target`: its patient
    /// point projected along `target`'s normal onto `target`'s plane. Nil when the planes are more
    /// than `maximumPlaneAngleDeg` apart, a geometry is degenerate (zero spacing or direction), or
    /// the point falls outside `target`'s image.
    public static func mapped(_ centre: PixelPosition, from source: SliceGeometry, to target: ImageSeries) -> PixelPosition? {
        let g = target.geometry
        let cosine = abs((source.normal * g.normal).sum())
        guard cosine.isFinite, cosine >= cos(maximumPlaneAngleDeg * .pi / 180),
              g.spacing.rowMm > 0, g.spacing.columnMm > 0 else { return nil }
        let offset = source.patientPoint(row: centre.row, column: centre.column) - g.position
        // patientPoint(r, c) = position + rowDirection·c·Δc + columnDirection·r·Δr (DICOM PS3.3 C.7.6.2.1.1).
        let mapped = PixelPosition(row: (offset * g.columnDirection).sum() / g.spacing.rowMm,
                                   column: (offset * g.rowDirection).sum() / g.spacing.columnMm)
        guard (try? check(mapped, in: target)) != nil else { return nil }
        return mapped
    }

    /// `mapped`, with the note the user reads either way: where the point landed, or why the
    /// series finds its LV itself.
    public static func mappedWithNote(_ centre: PixelPosition, from source: SliceGeometry, to target: ImageSeries) -> (centre: PixelPosition?, note: String) {
        guard let point = mapped(centre, from: source, to: target) else {
            return (nil, "the LV centre given for the high-res slices does not map into this series (planes more than \(Int(maximumPlaneAngleDeg))° apart or the point outside it); its LV is found automatically")
        }
        return (point, String(format: "LV centre given for the high-res slices mapped to (%.1f, %.1f) through the DICOM geometry", point.row, point.column))
    }
}
