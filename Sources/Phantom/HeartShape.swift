import Foundation
import Anatomy

/// The LV/RV geometry of one short-axis slice, in millimetres about the LV centre.
///
/// Polar description about the LV centre, angle θ = atan2(Δrow, Δcolumn) (image convention):
/// r_endo(θ) = R·(1 + e·cos 2(θ − ψ))·(1 + Σ a_k cos(kθ + φ_k)), wall w(θ) = W·(1 + Σ b_k cos(kθ + χ_k)),
/// r_epi = r_endo + w. The RV is a crescent over the angular span centred on `rvDirection`:
/// its outer border is r_epi + H·sin(πs)^0.6 (s ∈ [0, 1] across the span), the free wall its
/// outermost `rvWallMm`. The RV insertion points are the epicardial points at the span's ends.
public struct HeartShape: Sendable {
    public var endoRadiusMm: Double
    public var ellipticity: Double
    public var ellipseAngle: Double
    public var endoHarmonics: [(k: Double, a: Double, phase: Double)]
    public var wallMm: Double
    public var wallHarmonics: [(k: Double, a: Double, phase: Double)]
    /// Direction (image angle, radians) from the LV centre to the middle of the RV.
    public var rvDirection: Double
    /// Half the angular span of the RV crescent, radians.
    public var rvHalfSpan: Double
    public var rvHeightMm: Double
    public var rvWallMm: Double
    /// Papillary muscles: angle (radians, image convention) and radius (mm).
    public var papillaries: [(angle: Double, radiusMm: Double)]

    /// A random shape for a slice level (physics-and-acquisition.md §5 dimensions).
    public static func random(level: SliceLevel, rvDirection: Double, using g: inout SeededGenerator) -> HeartShape {
        let (rEndo, wall, rvH): (Double, Double, Double)
        switch level {
        case .basal: (rEndo, wall, rvH) = (g.uniform(22, 27), g.uniform(8.5, 11), g.uniform(18, 28))
        case .mid: (rEndo, wall, rvH) = (g.uniform(19, 23), g.uniform(8.5, 10.5), g.uniform(14, 22))
        case .apical: (rEndo, wall, rvH) = (g.uniform(12, 16), g.uniform(6.5, 8.5), g.uniform(7, 12))
        }
        let endoH = (3...6).map { k in (k: Double(k), a: g.uniform(0, 0.025), phase: g.uniform(0, 2 * .pi)) }
        let wallH = (1...3).map { k in (k: Double(k), a: g.uniform(0, 0.12 / Double(k)), phase: g.uniform(0, 2 * .pi)) }
        var pap: [(angle: Double, radiusMm: Double)] = []
        if level != .apical && g.chance(0.85) {
            // Anterolateral and posteromedial papillary muscles, on the side away from the RV.
            pap = [(rvDirection + .pi + g.uniform(-0.9, -0.5), g.uniform(2.5, 4)),
                   (rvDirection + .pi + g.uniform(0.6, 1.1), g.uniform(2.5, 4))]
        }
        return HeartShape(endoRadiusMm: rEndo, ellipticity: g.uniform(0, 0.08), ellipseAngle: g.uniform(0, .pi),
                          endoHarmonics: endoH, wallMm: wall, wallHarmonics: wallH, rvDirection: rvDirection,
                          rvHalfSpan: g.uniform(55, 68) * .pi / 180, rvHeightMm: rvH, rvWallMm: g.uniform(3, 4),
                          papillaries: pap)
    }

    /// The same heart in end systole (a mistriggered frame): smaller cavity, thicker wall, narrower RV.
    public var systolic: HeartShape {
        var s = self
        s.endoRadiusMm *= 0.62
        s.wallMm *= 1.45
        s.rvHeightMm *= 0.65
        s.papillaries = papillaries.map { ($0.angle, $0.radiusMm * 1.2) }
        return s
    }

    @inline(__always)
    public func endoRadius(_ theta: Double) -> Double {
        var h = 1.0
        for t in endoHarmonics { h += t.a * cos(t.k * theta + t.phase) }
        return endoRadiusMm * (1 + ellipticity * cos(2 * (theta - ellipseAngle))) * h
    }

    @inline(__always)
    public func wall(_ theta: Double) -> Double {
        var h = 1.0
        for t in wallHarmonics { h += t.a * cos(t.k * theta + t.phase) }
        return wallMm * h
    }

    /// Position (s ∈ [0, 1]) across the RV span of an angle, nil outside.
    @inline(__always)
    func rvFraction(_ theta: Double) -> Double? {
        var d = theta - rvDirection
        d = atan2(sin(d), cos(d))
        guard abs(d) < rvHalfSpan else { return nil }
        return (d + rvHalfSpan) / (2 * rvHalfSpan)
    }

    /// The RV insertion points relative to the LV centre, (Δrow, Δcolumn) in mm:
    /// anterior is the span end at rvDirection + halfSpan (above the LV when the RV is on the left).
    public var rvInsertionsMm: (anterior: (dy: Double, dx: Double), inferior: (dy: Double, dx: Double)) {
        let ta = rvDirection + rvHalfSpan, ti = rvDirection - rvHalfSpan
        let ra = endoRadius(ta) + wall(ta), ri = endoRadius(ti) + wall(ti)
        return ((ra * sin(ta), ra * cos(ta)), (ri * sin(ti), ri * cos(ti)))
    }

    /// Classifies a point (Δrow, Δcolumn in mm from the LV centre); nil outside the heart.
    /// `depth` is the transmural position 0 (endocardium) … 1 (epicardium) in the LV wall.
    @inline(__always)
    public func classify(dy: Double, dx: Double) -> (tissue: PhantomTissue, depth: Double)? {
        let r = (dx * dx + dy * dy).squareRoot()
        let theta = atan2(dy, dx)
        let re = endoRadius(theta), w = wall(theta)
        if r < re {
            for p in papillaries {
                let pr = re - p.radiusMm * 0.9
                let py = pr * sin(p.angle), px = pr * cos(p.angle)
                if (dy - py) * (dy - py) + (dx - px) * (dx - px) < p.radiusMm * p.radiusMm { return (.papillary, 0) }
            }
            return (.lvBlood, 0)
        }
        if r < re + w { return (.myocardium, (r - re) / w) }
        if let s = rvFraction(theta) {
            let outer = re + w + rvHeightMm * pow(sin(.pi * s), 0.6)
            if r < outer - rvWallMm { return (.rvBlood, 0) }
            if r < outer { return (.rvWall, 0) }
        }
        return nil
    }
}
