import Foundation

/// The tissues surrounding the heart, in mm on the slice plane: x along columns, y along rows,
/// origin at the centre of the field of view. Chest wall, lungs, liver, spine and aorta each get
/// their own signal and enhancement.
public struct BodyLayout: Sendable {
    public var bodyCentre: (x: Double, y: Double)
    public var bodySemiAxes: (x: Double, y: Double)
    public var fatMm: Double
    public var anteriorMuscleMm: Double
    public var posteriorMuscleMm: Double
    public var lungs: [Ellipse]
    public var liver: Ellipse
    public var spineCentre: (x: Double, y: Double)
    public var spineRadiusMm: Double
    public var aortaCentre: (x: Double, y: Double)
    public var aortaRadiusMm: Double

    public struct Ellipse: Sendable, Equatable {
        public var cx, cy, ax, ay, angle: Double
        @inline(__always)
        func contains(_ x: Double, _ y: Double) -> Bool {
            let dx = x - cx, dy = y - cy
            let c = cos(angle), s = sin(angle)
            let u = (c * dx + s * dy) / ax, v = (-s * dx + c * dy) / ay
            return u * u + v * v < 1
        }
    }

    /// A random body around a heart whose mid LV centre is at `heart` (mm).
    public static func random(heart: (x: Double, y: Double), using g: inout SeededGenerator) -> BodyLayout {
        let ay = g.uniform(105, 125), ax = g.uniform(165, 200)
        let top = heart.y - g.uniform(65, 85)
        let centre = (x: heart.x - g.uniform(5, 25), y: top + ay)
        let spine = (x: heart.x + g.uniform(5, 25), y: centre.y + ay - g.uniform(45, 55))
        let lungL = Ellipse(cx: heart.x + g.uniform(65, 85), cy: heart.y + g.uniform(0, 20), ax: g.uniform(45, 60), ay: g.uniform(75, 90), angle: g.uniform(-0.3, 0.1))
        let lungR = Ellipse(cx: heart.x - g.uniform(85, 105), cy: heart.y + g.uniform(-5, 15), ax: g.uniform(45, 55), ay: g.uniform(70, 85), angle: g.uniform(-0.1, 0.3))
        let liver = Ellipse(cx: heart.x - g.uniform(70, 95), cy: heart.y + g.uniform(60, 85), ax: g.uniform(80, 100), ay: g.uniform(50, 65), angle: g.uniform(-0.3, 0.1))
        return BodyLayout(bodyCentre: centre, bodySemiAxes: (ax, ay), fatMm: g.uniform(6, 20), anteriorMuscleMm: g.uniform(10, 16),
                          posteriorMuscleMm: g.uniform(6, 10), lungs: [lungL, lungR], liver: liver, spineCentre: spine,
                          spineRadiusMm: g.uniform(15, 19), aortaCentre: (spine.x + g.uniform(15, 25), spine.y - g.uniform(28, 36)),
                          aortaRadiusMm: g.uniform(9, 13))
    }

    /// The outer shell (air, fat, chest/back muscle) and the deep structures; nil means "inside the
    /// thorax, free for the heart or mediastinum". `liverShiftMm` moves the liver up on apical slices.
    @inline(__always)
    func classifyShell(x: Double, y: Double) -> PhantomTissue? {
        let dx = (x - bodyCentre.x) / bodySemiAxes.x, dy = (y - bodyCentre.y) / bodySemiAxes.y
        let rho = (dx * dx + dy * dy).squareRoot()
        if rho >= 1 { return .air }
        // Distance to the surface along the ray from the body centre.
        let boundary = rho > 1e-9 ? ((x - bodyCentre.x) * (x - bodyCentre.x) + (y - bodyCentre.y) * (y - bodyCentre.y)).squareRoot() / rho : bodySemiAxes.y
        let depth = (1 - rho) * boundary
        if depth < fatMm { return .fat }
        let muscle = y < bodyCentre.y ? anteriorMuscleMm : posteriorMuscleMm
        if depth < fatMm + muscle { return .muscle }
        return nil
    }

    @inline(__always)
    func classifyDeep(x: Double, y: Double, liverShiftMm: Double) -> PhantomTissue {
        let sx = x - spineCentre.x, sy = y - spineCentre.y
        let s2 = sx * sx + sy * sy
        if s2 < spineRadiusMm * spineRadiusMm {
            return s2 < (spineRadiusMm - 1.5) * (spineRadiusMm - 1.5) ? .marrow : .air
        }
        let cy = sy - spineRadiusMm - 8
        if sx * sx + cy * cy < 49 { return .spinalCanal }
        // Paraspinal muscles: an ellipse behind and beside the vertebral body.
        let px = sx / (spineRadiusMm + 32), py = (sy - 12) / (spineRadiusMm + 10)
        if px * px + py * py < 1 { return .muscle }
        let ax = x - aortaCentre.x, ay = y - aortaCentre.y
        if ax * ax + ay * ay < aortaRadiusMm * aortaRadiusMm { return .aorta }
        if liver.contains(x, y + liverShiftMm) { return .liver }
        for l in lungs where l.contains(x, y) { return .lung }
        return .mediastinum
    }
}
