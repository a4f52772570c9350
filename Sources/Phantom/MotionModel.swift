import Foundation
import MyoFlowCore

/// Respiratory and bulk motion of a study (physics-and-acquisition.md §6).
///
/// Breathing is a trace r(t) ≥ 0 (0 at end-expiration, 1 a normal breath): cycles of
/// r = A_i·sin⁴(π·phase) with per-cycle period and amplitude jitter, occasional deep breaths and a
/// slow drift, or a breath-hold followed by a gasp and shallow breathing. At time t the tissue at
/// image-mm position x has moved to T_t(x) = x + u_t(x) with
/// u_t(x) = w(x)·[d + (sR(θ) − I)(x − c)] + a·n(x), where d = r·A·(direction), θ and s scale with
/// r, w(x) is a smooth weight (1 at the heart, 0.35 far away: the chest wall moves less) and n(x)
/// a fixed sum of Gaussian bumps (smooth non-rigid deformation).
///
/// Convention of the stored fields (MONAI pull-back, `DisplacementField`): `correction` is u_t in
/// pixels, so warping the moved frame with it gives the motion-free reference geometry:
/// reference(x) = moved(x + u_t(x)). The generation field v_t (moved(x) = reference(x + v_t(x)))
/// is its inverse, found by the fixed-point iteration v = −u(x + v).
public struct MotionModel: Sendable {
    public let settings: MotionSettings
    let cycles: [(start: Double, period: Double, amplitude: Double)]
    let holdUntilS: Double
    let holdLevel: Double
    var direction: (dx: Double, dy: Double)
    let rotationSign: Double
    let scaleSign: Double
    var bumps: [(cx: Double, cy: Double, sigma: Double, ax: Double, ay: Double)]
    let frameSeed: SeededGenerator

    public init(settings: MotionSettings, durationS: Double, heartCentreMm: (x: Double, y: Double), using g: inout SeededGenerator) {
        self.settings = settings
        var cycles: [(Double, Double, Double)] = []
        var hold = 0.0, holdLevel = 0.0
        var t = -g.uniform(0, settings.periodS)
        if settings.pattern == .breathHoldThenGasp {
            hold = settings.breathHoldS
            holdLevel = g.uniform(0.05, 0.2)
            t = hold
            let gasp = settings.periodS * 1.3
            cycles.append((t, gasp, g.uniform(1.6, 2.0)))
            t += gasp
        }
        let fast = settings.pattern == .breathHoldThenGasp
        while t < durationS + 1 {
            var period = settings.periodS * (fast ? 0.75 : 1) * (1 + 0.6 * settings.irregularity * max(-1.5, min(1.5, g.normal())))
            period = max(1.5, period)
            var amp = (fast ? 0.6 : 1) * (1 + settings.irregularity * max(-2, min(2, g.normal())))
            if g.chance(settings.deepBreathProbability) { amp = g.uniform(1.5, 2.0) }
            cycles.append((t, period, max(0.1, amp)))
            t += period
        }
        self.cycles = cycles
        holdUntilS = hold
        self.holdLevel = holdLevel
        // Mostly along the rows (SI projects onto the SAX plane's vertical), some lateral.
        let angle = .pi / 2 + g.uniform(-0.6, 0.6)
        direction = (cos(angle), sin(angle))
        rotationSign = g.chance(0.5) ? 1 : -1
        scaleSign = g.chance(0.5) ? 1 : -1
        bumps = (0..<3).map { _ in
            let a = g.uniform(0, 2 * .pi)
            return (heartCentreMm.x + g.uniform(-40, 40), heartCentreMm.y + g.uniform(-40, 40), g.uniform(25, 45), cos(a), sin(a))
        }
        frameSeed = g.derived(77)
    }

    /// The same motion seen in the image frame of `grid` when the model was built in anatomy mm
    /// (the breathing direction and the non-rigid bumps turn with the FOV; rotation and scale do
    /// not depend on the frame). Identity for an unrotated, unshifted grid.
    public func expressed(in grid: SliceGrid) -> MotionModel {
        guard grid.rotation != 0 || grid.offsetMm != (0, 0) else { return self }
        var m = self
        let d = grid.imageVector(ofAnatomy: (dy: direction.dy, dx: direction.dx))
        m.direction = (d.dx, d.dy)
        m.bumps = bumps.map { b in
            let p = grid.pixel(ofAnatomy: (b.cx, b.cy))
            let q = grid.imageMm(row: p.row, column: p.column)
            let a = grid.imageVector(ofAnatomy: (dy: b.ay, dx: b.ax))
            return (q.x, q.y, b.sigma, a.dx, a.dy)
        }
        return m
    }

    /// The breathing trace r(t) (0 = end-expiration; 1 = a normal breath).
    public func respiration(at t: Double) -> Double {
        guard settings.pattern != .none else { return 0 }
        if t < holdUntilS { return holdLevel * (0.7 + 0.3 * t / max(holdUntilS, 1e-9)) }
        let drift = settings.pattern == .freeBreathing ? 0.08 * (1 + sin(2 * .pi * t / 37)) : 0
        guard let c = cycles.last(where: { $0.start <= t }) else { return drift }
        let phase = (t - c.start) / c.period
        let s = sin(.pi * min(1, phase))
        return c.amplitude * s * s * s * s + drift
    }

    /// Motion parameters of one acquisition.
    public struct FrameMotion: Sendable, Equatable {
        public var translationMm: (dx: Double, dy: Double)
        public var rotation: Double
        public var scale: Double
        public var nonRigidMm: Double
        public init(translationMm: (dx: Double, dy: Double), rotation: Double, scale: Double, nonRigidMm: Double) {
            self.translationMm = translationMm
            self.rotation = rotation
            self.scale = scale
            self.nonRigidMm = nonRigidMm
        }
        public static func == (a: FrameMotion, b: FrameMotion) -> Bool {
            a.translationMm == b.translationMm && a.rotation == b.rotation && a.scale == b.scale && a.nonRigidMm == b.nonRigidMm
        }
        public static let zero = FrameMotion(translationMm: (0, 0), rotation: 0, scale: 1, nonRigidMm: 0)
        public var isZero: Bool { self == .zero }
    }

    /// Motion at time t of frame `index` (the index seeds a small per-frame jitter).
    public func frameMotion(at t: Double, index: Int) -> FrameMotion {
        guard settings.pattern != .none else { return .zero }
        var g = frameSeed.derived(UInt64(index))
        let r = respiration(at: t)
        let jitter = 0.3 * settings.irregularity
        let a = settings.amplitudeMm * r
        return FrameMotion(translationMm: (a * direction.dx + jitter * g.normal(), a * direction.dy + jitter * g.normal()),
                           rotation: rotationSign * r * settings.rotationDeg * .pi / 180,
                           scale: 1 + scaleSign * r * settings.scaleFraction,
                           nonRigidMm: settings.nonRigidMm * r * (1 + 0.3 * g.normal()))
    }

    /// u(x) in image mm for a frame: the forward displacement of the tissue at x (reference form of
    /// what `fields` evaluates on a grid).
    public func displacementMm(_ m: FrameMotion, x: Double, y: Double, centre: (x: Double, y: Double)) -> (dx: Double, dy: Double) {
        let px = x - centre.x, py = y - centre.y
        let w = 0.35 + 0.65 * exp(-(px * px + py * py) / (2 * 70 * 70))
        let c = m.scale * cos(m.rotation), s = m.scale * sin(m.rotation)
        var dx = w * (m.translationMm.dx + (c - 1) * px - s * py)
        var dy = w * (m.translationMm.dy + s * px + (c - 1) * py)
        if m.nonRigidMm != 0 {
            for b in bumps {
                let bx = x - b.cx, by = y - b.cy
                let e = m.nonRigidMm * exp(-(bx * bx + by * by) / (2 * b.sigma * b.sigma))
                dx += e * b.ax
                dy += e * b.ay
            }
        }
        return (dx, dy)
    }

    /// The correction field u (stored) and the generation field v (used to render) of one frame on
    /// a grid, both in pixels (MONAI pull-back convention; see the type's documentation).
    /// `centre` is the heart centre in image mm of that grid. u is evaluated exactly at every pixel
    /// (separable Gaussians, no per-pixel exponentials); v by the fixed point v = −u(x + v) with u
    /// sampled bilinearly.
    public func fields(_ m: FrameMotion, grid: SliceGrid, centre: (x: Double, y: Double)) -> (correction: DisplacementField, generation: DisplacementField) {
        var u = DisplacementField(rows: grid.rows, columns: grid.columns)
        var v = DisplacementField(rows: grid.rows, columns: grid.columns)
        guard !m.isZero else { return (u, v) }
        let rows = grid.rows, cols = grid.columns, px = grid.pixelMm
        let xs = (0..<cols).map { grid.imageMm(row: 0, column: Double($0)).x }
        let ys = (0..<rows).map { grid.imageMm(row: Double($0), column: 0).y }
        let s70 = 2.0 * 70 * 70
        let wxs = xs.map { exp(-($0 - centre.x) * ($0 - centre.x) / s70) }
        let wys = ys.map { exp(-($0 - centre.y) * ($0 - centre.y) / s70) }
        let bx = bumps.map { b in xs.map { exp(-($0 - b.cx) * ($0 - b.cx) / (2 * b.sigma * b.sigma)) } }
        let by = bumps.map { b in ys.map { exp(-($0 - b.cy) * ($0 - b.cy) / (2 * b.sigma * b.sigma)) } }
        let c = m.scale * cos(m.rotation), s = m.scale * sin(m.rotation)
        for r in 0..<rows {
            let py = ys[r] - centre.y
            for col in 0..<cols {
                let pxx = xs[col] - centre.x
                let w = 0.35 + 0.65 * wxs[col] * wys[r]
                var dx = w * (m.translationMm.dx + (c - 1) * pxx - s * py)
                var dy = w * (m.translationMm.dy + s * pxx + (c - 1) * py)
                for (j, b) in bumps.enumerated() {
                    let e = m.nonRigidMm * bx[j][col] * by[j][r]
                    dx += e * b.ax
                    dy += e * b.ay
                }
                let i = r * cols + col
                u.rowDisplacement[i] = Float(dy / px)
                u.columnDisplacement[i] = Float(dx / px)
            }
        }
        u.rowDisplacement.withUnsafeBufferPointer { ur in
            u.columnDisplacement.withUnsafeBufferPointer { uc in
                for r in 0..<rows {
                    for col in 0..<cols {
                        let i = r * cols + col
                        // Start at −u(x); the error shrinks by ~|∇u| (a few %) per step.
                        var vr = -Double(ur[i]), vc = -Double(uc[i])
                        for _ in 0..<4 {
                            let sr = Double(r) + vr, sc = Double(col) + vc
                            vr = -Double(Bilinear.sample(ur, rows: rows, columns: cols, row: sr, column: sc))
                            vc = -Double(Bilinear.sample(uc, rows: rows, columns: cols, row: sr, column: sc))
                        }
                        v.rowDisplacement[i] = Float(vr)
                        v.columnDisplacement[i] = Float(vc)
                    }
                }
            }
        }
        return (u, v)
    }
}
