import Foundation
import MyoFlowCore

/// Assigns AHA segments around the LV of one short-axis slice.
///
/// Convention (Cerqueira 2002, as in the Kellman/Xue reference code): angles are measured about
/// the LV centre from the anterior RV insertion point, turning away from the RV (the sense in
/// which the inferior RV insertion point is reached only after the longer arc). Basal and mid:
/// six 60° sectors from the anterior RVI — anterior, anterolateral, inferolateral, inferior,
/// inferoseptal, anteroseptal (so the septum, 2–3, lies between the two RVIs). Apical: four 90°
/// sectors centred on 30° (anterior), 120° (lateral), 210° (inferior) and 300° (septal), so
/// each apical sector sits under its basal/mid neighbours on the bull's-eye.
public struct AHAGeometry: Sendable, Equatable, Codable {
    public var lvCentre: Point
    public var anteriorRVInsertion: Point
    public var inferiorRVInsertion: Point

    /// A position (row, column) in pixels.
    public typealias Point = PixelPosition

    public init(lvCentre: Point, anteriorRVInsertion: Point, inferiorRVInsertion: Point) {
        self.lvCentre = lvCentre
        self.anteriorRVInsertion = anteriorRVInsertion
        self.inferiorRVInsertion = inferiorRVInsertion
    }

    private func imageAngle(_ p: Point) -> Double {
        atan2(p.row - lvCentre.row, p.column - lvCentre.column)
    }

    /// +1 when "away from the RV" is the sense of increasing atan2(Δrow, Δcolumn), else −1.
    public var awayFromRVSense: Double {
        let a = imageAngle(anteriorRVInsertion), b = imageAngle(inferiorRVInsertion)
        var d = (b - a).truncatingRemainder(dividingBy: 2 * .pi)
        if d < 0 { d += 2 * .pi }
        // d is the arc from the anterior to the inferior RVI in the increasing sense. The septal
        // arc (through the RV) is the shorter one, so if d is the longer arc, increasing angles
        // turn away from the RV.
        return d > .pi ? 1 : -1
    }

    /// Angle in degrees [0, 360) of a pixel position, from the anterior RVI, away from the RV.
    public func angleDegrees(row: Double, column: Double) -> Double {
        let a = imageAngle(Point(row: row, column: column)) - imageAngle(anteriorRVInsertion)
        var d = awayFromRVSense * a * 180 / .pi
        d = d.truncatingRemainder(dividingBy: 360)
        return d < 0 ? d + 360 : d
    }

    /// The AHA segment of a position on a slice of the given level.
    public func segment(row: Double, column: Double, level: SliceLevel) -> AHASegment {
        let angle = angleDegrees(row: row, column: column)
        let base = level == .basal ? 0 : 6
        switch level {
        case .basal, .mid:
            // Sector order away from the RV: 1, 6, 5, 4, 3, 2.
            let order = [1, 6, 5, 4, 3, 2]
            let sector = min(5, Int(angle / 60))
            return AHASegment.all[base + order[sector] - 1]
        case .apical:
            // Sectors centred on 30°, 120°, 210°, 300°: anterior 13, lateral 16, inferior 15, septal 14.
            let shifted = (angle + 15).truncatingRemainder(dividingBy: 360)
            let order = [13, 16, 15, 14]
            return AHASegment.all[order[min(3, Int(shifted / 90))] - 1]
        }
    }

    /// Segment numbers (1–16) for the pixels of `mask`, 0 elsewhere; row-major.
    public func segmentLabels(of mask: Mask, level: SliceLevel) -> [UInt8] {
        var labels = [UInt8](repeating: 0, count: mask.rows * mask.columns)
        for r in 0..<mask.rows {
            for c in 0..<mask.columns where mask[r, c] {
                labels[r * mask.columns + c] = UInt8(segment(row: Double(r), column: Double(c), level: level).number)
            }
        }
        return labels
    }
}
