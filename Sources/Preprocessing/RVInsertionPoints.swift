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

/// Finds the RV insertion points: where the RV free wall meets the LV epicardium, at the two ends
/// of the arc over which the RV lies against the LV (seen from the LV centre). Which end is anterior
/// comes from the patient geometry (DICOM LPS: anterior is −y), so the result does not depend on
/// how the short-axis view is rotated in the image.
///
/// A segmentation labels the RV *blood pool*, and the cavity ends short of the insertion: its free
/// wall (3–4 mm, physics-and-acquisition.md §5) closes it, so the insertion, where the wall's outer
/// surface meets the LV, lies about one wall thickness beyond the cavity's tip along the epicardium
/// (a cavity thinner than a pixel holds no labelled pixel, which adds to the gap). So the finder
/// (1) takes the contact arc of the RV blood with the epicardium in angular bins, (2) places its two
/// tips at the outermost contacting RV pixels' edges (not at bin centres), (3) moves each tip
/// `freeWallMm` further along the epicardium, and (4) puts the point on the epicardium there, with
/// the radius the median over ±`radiusWindowDegrees` (robust to the ragged border where the two
/// ventricles join). Radii are measured to pixel edges (half a pixel step beyond the pixel centre).
public struct RVInsertionFinder: Sendable {
    /// RV pixels within this distance outside the epicardium count as contact.
    public var contactMm: Double = 6
    public var angularBins = 360
    /// Gaps in the contact arc up to this size are closed (sparse bins, small segmentation holes).
    public var maximumGapDegrees = 10.0
    /// RV free-wall thickness, mm: how far beyond the RV blood pool's tip the insertion lies along
    /// the epicardium (3–4 mm in adults, physics-and-acquisition.md §5; 0 puts it at the tip).
    public var freeWallMm = 3.5
    /// Half-width of the window over which the epicardial radius at an insertion is the median, degrees.
    public var radiusWindowDegrees = 15.0

    public init() {}

    public func find(myocardium: Mask, rv: Mask, lvCentre: PixelPosition, geometry: SliceGeometry) -> RVInsertions? {
        let spacing = geometry.spacing
        let bins = angularBins
        let binWidth = 2 * Double.pi / Double(bins)
        var epicardiumMm = [Double](repeating: 0, count: bins)
        var rvNearestMm = [Double](repeating: .infinity, count: bins)
        /// Angle [0, 2π), distance (mm) and the half pixel steps radially / tangentially (mm) of a pixel.
        func polar(_ r: Int, _ c: Int) -> (a: Double, d: Double, radialHalf: Double, tangentialHalf: Double) {
            let dy = (Double(r) - lvCentre.row) * spacing.rowMm, dx = (Double(c) - lvCentre.column) * spacing.columnMm
            var a = atan2(dy, dx)
            if a < 0 { a += 2 * .pi }
            let ca = abs(cos(a)), sa = abs(sin(a))
            // Half the distance to the next pixel centre along the ray / across it (square lattice).
            let radial = 0.5 * min(spacing.columnMm / max(ca, 1e-9), spacing.rowMm / max(sa, 1e-9))
            let tangential = 0.5 * min(spacing.columnMm / max(sa, 1e-9), spacing.rowMm / max(ca, 1e-9))
            return (a, (dx * dx + dy * dy).squareRoot(), radial, tangential)
        }
        func bin(_ a: Double) -> Int { min(bins - 1, Int(a / binWidth)) }
        for r in 0..<myocardium.rows {
            for c in 0..<myocardium.columns where myocardium[r, c] {
                let p = polar(r, c), b = bin(p.a)
                epicardiumMm[b] = max(epicardiumMm[b], p.d + p.radialHalf)
            }
        }
        guard epicardiumMm.contains(where: { $0 > 0 }) else { return nil }
        fillGaps(&epicardiumMm)
        var rvPixels: [(a: Double, d: Double, radialHalf: Double, tangentialHalf: Double)] = []
        for r in 0..<rv.rows {
            for c in 0..<rv.columns where rv[r, c] {
                let p = polar(r, c), b = bin(p.a)
                rvNearestMm[b] = min(rvNearestMm[b], p.d - p.radialHalf)
                rvPixels.append(p)
            }
        }
        var contact = (0..<bins).map { rvNearestMm[$0] - epicardiumMm[$0] <= contactMm }
        closeGaps(&contact, maximum: Int(maximumGapDegrees / 360 * Double(bins)))
        guard let arc = longestCircularRun(contact), arc.length < bins else { return nil }
        // Continuous tips: angles (unwrapped from the arc's start edge) of the outermost contacting RV pixels' edges.
        let arcStart = Double(arc.start) * binWidth
        func offset(_ a: Double) -> Double { var o = a - arcStart; if o < 0 { o += 2 * .pi }; return o }
        let arcSpan = Double(arc.length) * binWidth
        var tipLow = arcSpan, tipHigh = 0.0
        for p in rvPixels {
            let o = offset(p.a)
            guard o < arcSpan, p.d - p.radialHalf - epicardiumMm[bin(p.a)] <= contactMm else { continue }
            let halfAngle = p.tangentialHalf / max(p.d, 1e-9)
            tipLow = min(tipLow, o - halfAngle)
            tipHigh = max(tipHigh, o + halfAngle)
        }
        if tipHigh <= tipLow { tipLow = 0; tipHigh = arcSpan }
        func epicardium(atOffset o: Double) -> Double {
            var a = (arcStart + o).truncatingRemainder(dividingBy: 2 * .pi)
            if a < 0 { a += 2 * .pi }
            return epicardiumMm[bin(a)]
        }
        let lowOffset = tipLow - freeWallMm / max(epicardium(atOffset: tipLow), 1e-9)
        let highOffset = tipHigh + freeWallMm / max(epicardium(atOffset: tipHigh), 1e-9)
        func point(_ o: Double) -> PixelPosition {
            let a = arcStart + o
            let k = max(0, Int((radiusWindowDegrees * .pi / 180 / binWidth).rounded()))
            let b0 = bin((a.truncatingRemainder(dividingBy: 2 * .pi) + 2 * .pi).truncatingRemainder(dividingBy: 2 * .pi))
            let window = (-k...k).map { epicardiumMm[((b0 + $0) % bins + bins) % bins] }.sorted()
            let d = window[window.count / 2]
            return PixelPosition(row: lvCentre.row + d * sin(a) / spacing.rowMm, column: lvCentre.column + d * cos(a) / spacing.columnMm)
        }
        let p1 = point(lowOffset), p2 = point(highOffset)
        // Anterior = smaller LPS y (posterior is +y).
        let y1 = geometry.patientPoint(row: p1.row, column: p1.column).y, y2 = geometry.patientPoint(row: p2.row, column: p2.column).y
        var warnings: [String] = []
        let arcDegrees = (highOffset - lowOffset) * 180 / .pi
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
