import Foundation
import MyoFlowCore

/// The anterior and inferior RV insertion points of a slice.
public struct RVInsertions: Sendable, Equatable {
    public var anterior: PixelPosition
    public var inferior: PixelPosition
    /// Angular extent of the RV–myocardium contact, degrees.
    public var contactArcDegrees: Double
    public var warnings: [String]
}

/// Finds the RV insertion points as the two ends of the arc over which the RV blood pool touches
/// the LV myocardium, seen from the LV centre; each point lies on the epicardial border at that
/// angle. Which end is anterior comes from the patient geometry (DICOM LPS: anterior is −y),
/// so the result does not depend on how the short-axis view is rotated in the image.
public struct RVInsertionFinder: Sendable {
    /// RV pixels within this distance outside the epicardium count as contact.
    public var contactMm: Double = 6
    public var angularBins = 360
    /// Gaps in the contact arc up to this size are closed (sparse bins, small segmentation holes).
    public var maximumGapDegrees = 10.0

    public init() {}

    public func find(myocardium: Mask, rv: Mask, lvCentre: PixelPosition, geometry: SliceGeometry) -> RVInsertions? {
        let spacing = geometry.spacing
        let bins = angularBins
        var epicardiumMm = [Double](repeating: 0, count: bins)
        var rvNearestMm = [Double](repeating: .infinity, count: bins)
        func bin(_ r: Int, _ c: Int) -> (Int, Double) {
            let dy = (Double(r) - lvCentre.row) * spacing.rowMm, dx = (Double(c) - lvCentre.column) * spacing.columnMm
            var a = atan2(dy, dx)
            if a < 0 { a += 2 * .pi }
            return (min(bins - 1, Int(a / (2 * .pi) * Double(bins))), (dx * dx + dy * dy).squareRoot())
        }
        for r in 0..<myocardium.rows {
            for c in 0..<myocardium.columns {
                if myocardium[r, c] { let (b, d) = bin(r, c); epicardiumMm[b] = max(epicardiumMm[b], d) }
            }
        }
        guard epicardiumMm.contains(where: { $0 > 0 }) else { return nil }
        fillGaps(&epicardiumMm)
        for r in 0..<rv.rows {
            for c in 0..<rv.columns where rv[r, c] {
                let (b, d) = bin(r, c)
                rvNearestMm[b] = min(rvNearestMm[b], d)
            }
        }
        var contact = (0..<bins).map { rvNearestMm[$0] - epicardiumMm[$0] <= contactMm }
        closeGaps(&contact, maximum: Int(maximumGapDegrees / 360 * Double(bins)))
        guard let arc = longestCircularRun(contact), arc.length < bins else { return nil }
        let startBin = arc.start, endBin = (arc.start + arc.length - 1) % bins
        func point(_ b: Int) -> PixelPosition {
            let a = (Double(b) + 0.5) / Double(bins) * 2 * .pi
            let d = epicardiumMm[b]
            return PixelPosition(row: lvCentre.row + d * sin(a) / spacing.rowMm, column: lvCentre.column + d * cos(a) / spacing.columnMm)
        }
        let p1 = point(startBin), p2 = point(endBin)
        // Anterior = smaller LPS y (posterior is +y).
        let y1 = geometry.patientPoint(row: p1.row, column: p1.column).y, y2 = geometry.patientPoint(row: p2.row, column: p2.column).y
        var warnings: [String] = []
        let arcDegrees = Double(arc.length) * 360 / Double(bins)
        if arcDegrees < 60 || arcDegrees > 200 {
            warnings.append(String(format: "RV contact arc of %.0f° is implausible (expected ~90–160°)", arcDegrees))
        }
        if abs(y1 - y2) < 1e-6 { warnings.append("slice geometry does not tell anterior from inferior; anterior RVI guessed") }
        return y1 <= y2 ? RVInsertions(anterior: p1, inferior: p2, contactArcDegrees: arcDegrees, warnings: warnings)
                        : RVInsertions(anterior: p2, inferior: p1, contactArcDegrees: arcDegrees, warnings: warnings)
    }

    /// Bins without myocardium take the nearest non-empty neighbour's radius (circularly).
    private func fillGaps(_ v: inout [Double]) {
        let n = v.count
        let original = v
        for i in 0..<n where original[i] == 0 {
            for k in 1..<n {
                if original[(i + k) % n] > 0 { v[i] = original[(i + k) % n]; break }
                if original[(i - k + n) % n] > 0 { v[i] = original[(i - k + n) % n]; break }
            }
        }
    }

    /// Sets runs of `false` no longer than `maximum` to `true` (circularly).
    private func closeGaps(_ flags: inout [Bool], maximum: Int) {
        let n = flags.count
        guard let anchor = flags.firstIndex(of: true), flags.contains(false) else { return }
        var k = 1
        while k <= n {
            let i = (anchor + k) % n
            if flags[i] { k += 1; continue }
            var length = 0
            while length < n && !flags[(i + length) % n] { length += 1 }
            if length <= maximum { for j in 0..<length { flags[(i + j) % n] = true } }
            k += length
        }
    }

    /// The longest run of `true` on a circle: start index and length.
    private func longestCircularRun(_ flags: [Bool]) -> (start: Int, length: Int)? {
        let n = flags.count
        guard flags.contains(true) else { return nil }
        if flags.allSatisfy({ $0 }) { return (0, n) }
        let firstFalse = flags.firstIndex(of: false)!
        var best = (start: 0, length: 0), runStart = -1, runLength = 0
        for k in 1...n {
            let i = (firstFalse + k) % n
            if flags[i] {
                if runLength == 0 { runStart = i }
                runLength += 1
                if runLength > best.length { best = (runStart, runLength) }
            } else {
                runLength = 0
            }
        }
        return best
    }
}
