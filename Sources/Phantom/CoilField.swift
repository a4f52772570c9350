import Foundation

/// Surface-coil receive bias B(x) = √(Σ_c |S_c(x)|²), with each coil an on-axis loop profile
/// S_c = g_c·[1 + (d_c/R_c)²]^(−3/2) (physics-and-acquisition.md §7, "simpler option"); d_c is the
/// 3-D distance from the coil centre (anterior and posterior arrays, out of the slice plane by
/// z_c). Normalised to 1 at the heart centre. The same B multiplies the PD, SR and AIF images.
public struct CoilField: Sendable, Equatable {
    public struct Coil: Sendable, Equatable {
        public var x, y, z, radiusMm, gain: Double
    }
    public var coils: [Coil]
    public var normalisation: Double

    /// A uniform field (B = 1).
    public static let uniform = CoilField(coils: [], normalisation: 1)

    public static func random(body: BodyLayout, heart: (x: Double, y: Double), using g: inout SeededGenerator) -> CoilField {
        let top = body.bodyCentre.y - body.bodySemiAxes.y, bottom = body.bodyCentre.y + body.bodySemiAxes.y
        var coils: [Coil] = []
        let n = g.integer(2...3)
        for i in 0..<n {
            let x = heart.x + (Double(i) - Double(n - 1) / 2) * g.uniform(60, 90) + g.uniform(-15, 15)
            coils.append(Coil(x: x, y: top - g.uniform(5, 25), z: g.uniform(-30, 30), radiusMm: g.uniform(80, 120), gain: g.uniform(0.8, 1.2)))
            coils.append(Coil(x: x + g.uniform(-20, 20), y: bottom + g.uniform(5, 20), z: g.uniform(-30, 30), radiusMm: g.uniform(80, 120), gain: g.uniform(0.6, 1.1)))
        }
        var f = CoilField(coils: coils, normalisation: 1)
        f.normalisation = 1 / f.raw(x: heart.x, y: heart.y)
        return f
    }

    func raw(x: Double, y: Double) -> Double {
        var sum = 0.0
        for c in coils {
            let d2 = ((x - c.x) * (x - c.x) + (y - c.y) * (y - c.y) + c.z * c.z) / (c.radiusMm * c.radiusMm)
            let s = c.gain / ((1 + d2) * (1 + d2).squareRoot())
            sum += s * s
        }
        return sum.squareRoot()
    }

    /// B at an anatomy-mm point.
    public func gain(x: Double, y: Double) -> Double {
        coils.isEmpty ? 1 : raw(x: x, y: y) * normalisation
    }
}
