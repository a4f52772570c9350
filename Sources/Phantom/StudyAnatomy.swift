import Foundation
import Anatomy

/// The whole anatomy of one synthetic subject: the heart at three short-axis levels, the
/// surrounding body, tissue textures and the coil array, all in anatomy mm.
public struct StudyAnatomy: Sendable {
    public var hearts: [SliceLevel: HeartShape]
    /// LV centre per level, anatomy mm.
    public var lvCentres: [SliceLevel: (x: Double, y: Double)]
    public var body: BodyLayout
    public var coil: CoilField
    /// Upward shift of the liver per level (the diaphragm is nearer the apex), mm.
    public var liverShiftMm: [SliceLevel: Double]
    /// Smooth multiplicative texture per tissue: amplitude and plane waves (kx, ky, phase).
    var textures: [UInt8: (amplitude: Double, waves: [(kx: Double, ky: Double, phase: Double)])]

    /// A random subject. `textureScale` multiplies texture amplitudes (1 for studies; random in
    /// training sets).
    public static func random(using g: inout SeededGenerator, coilBias: Bool, textureScale: Double = 1) -> StudyAnatomy {
        let heart = (x: g.uniform(-10, 15), y: g.uniform(-18, 0))
        // RV on the image left, rotated a little from subject to subject.
        let rvDirection = .pi + g.uniform(-0.35, 0.35)
        var hearts: [SliceLevel: HeartShape] = [:]
        var centres: [SliceLevel: (x: Double, y: Double)] = [:]
        for level in SliceLevel.allCases {
            hearts[level] = HeartShape.random(level: level, rvDirection: rvDirection + g.uniform(-0.08, 0.08), using: &g)
            let shift: Double = level == .basal ? 0 : (level == .mid ? 1 : 2)
            centres[level] = (heart.x + shift * g.uniform(0, 5), heart.y + shift * g.uniform(0, 4))
        }
        let body = BodyLayout.random(heart: heart, using: &g)
        var coilG = g.derived(99)  // own stream: switching the coil off changes nothing else
        let coil = coilBias ? CoilField.random(body: body, heart: heart, using: &coilG) : .uniform
        var textures: [UInt8: (Double, [(Double, Double, Double)])] = [:]
        for t in PhantomTissue.allCases {
            let base: Double
            switch t {
            case .lvBlood, .rvBlood, .aorta: base = 0.03
            case .myocardium, .papillary, .rvWall: base = 0.03
            case .lung: base = 0.35
            case .fat, .muscle, .liver, .marrow, .mediastinum: base = 0.08
            case .air, .spinalCanal: base = 0.05
            }
            let waves = (0..<8).map { _ -> (Double, Double, Double) in
                let wavelength = g.uniform(12, 60), a = g.uniform(0, 2 * .pi)
                return (2 * .pi / wavelength * cos(a), 2 * .pi / wavelength * sin(a), g.uniform(0, 2 * .pi))
            }
            textures[t.rawValue] = (base * textureScale, waves)
        }
        return StudyAnatomy(hearts: hearts, lvCentres: centres, body: body, coil: coil,
                            liverShiftMm: [.basal: 0, .mid: g.uniform(8, 15), .apical: g.uniform(20, 35)], textures: textures)
    }

    @inline(__always)
    func texture(_ tissue: PhantomTissue, x: Double, y: Double) -> Double {
        guard let t = textures[tissue.rawValue], t.amplitude > 0 else { return 1 }
        var s = 0.0
        for w in t.waves { s += cos(w.kx * x + w.ky * y + w.phase) }
        return max(0.05, 1 + t.amplitude * s / 2.8)
    }
}
