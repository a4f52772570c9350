import Foundation
import MyoFlowCore
import Phantom
import XCTest

final class MotionModelTests: XCTestCase {
    func testMotionFreeCaseHasZeroDisplacement() throws {
        let s = try StudySynthesizer.synthesize(PhantomCase.staticReference.spec(seed: 1))
        for t in s.truth.series {
            XCTAssertTrue(t.correctionFields.allSatisfy { $0 == 0 }, t.name)
            XCTAssertTrue(t.frameMotion.allSatisfy(\.isZero), t.name)
            XCTAssertTrue(t.mistriggeredFrames.isEmpty)
        }
    }

    /// The stored field u_f maps each moved frame back to the motion-free reference:
    /// warp(moved_f, u_f) ≈ reference_f (same seed with motion off), much closer than moved_f itself.
    /// A 1-pixel PSF keeps the double bilinear resampling error small at tissue edges.
    func testCorrectionFieldRestoresReferenceGeometry() throws {
        var still = TestSupport.cleanSpec(.stressLAD, seed: 9)
        still.pointSpreadSigmaPixels = 1
        var moving = still
        moving.motion = .moderate
        moving.motion.amplitudeMm = 12
        let a = try StudySynthesizer.synthesize(moving)
        let b = try StudySynthesizer.synthesize(still)
        XCTAssertEqual(a.truth.series[1].scene.mbf, b.truth.series[1].scene.mbf, "motion must not change anatomy")
        let k = 1
        let movedSeries = a.study.slices[k], reference = b.study.slices[k]
        let truth = a.truth.series[k]
        let heart = truth.scene.labels.labels.map { $0 != 0 }
        var tested = 0
        for f in stride(from: 0, to: movedSeries.frames, by: 3) {
            let u = truth.correctionField(frame: f)
            guard u.rmsMagnitude(in: Mask(rows: u.rows, columns: u.columns, values: heart)) > 1.5 else { continue }
            let moved = movedSeries.frame(f), ref = reference.frame(f)
            let restored = try u.warp(moved)
            func error(_ x: Image2D) -> Double {
                var e = 0.0, n = 0.0
                for i in heart.indices where heart[i] { e += abs(Double(x.pixels[i] - ref.pixels[i])); n += 1 }
                return e / n
            }
            let before = error(moved), after = error(restored)
            XCTAssertLessThan(after, 0.2 * before, "frame \(f): \(after) vs \(before)")
            tested += 1
        }
        XCTAssertGreaterThan(tested, 3)
    }

    /// The generation field is the inverse of the correction field: u(x) + v(x + u(x)) ≈ 0.
    func testGenerationFieldInvertsCorrectionField() {
        var g = SeededGenerator(seed: 3)
        let model = MotionModel(settings: .moderate, durationS: 30, heartCentreMm: (0, 0), using: &g)
        let grid = SliceGrid(rows: 64, columns: 80, pixelMm: 2)
        let m = MotionModel.FrameMotion(translationMm: (4, -9), rotation: 0.05, scale: 1.03, nonRigidMm: 2.5)
        let (u, v) = model.fields(m, grid: grid, centre: (0, 0))
        var worst = 0.0
        for r in 8..<56 {
            for c in 8..<72 {
                let i = r * 80 + c
                let pr = Double(r) + Double(u.rowDisplacement[i]), pc = Double(c) + Double(u.columnDisplacement[i])
                let vr = Bilinear.sample(v.rowDisplacement, rows: 64, columns: 80, row: pr, column: pc)
                let vc = Bilinear.sample(v.columnDisplacement, rows: 64, columns: 80, row: pr, column: pc)
                worst = max(worst, abs(Double(u.rowDisplacement[i] + vr)), abs(Double(u.columnDisplacement[i] + vc)))
            }
        }
        XCTAssertLessThan(worst, 0.02)
        XCTAssertGreaterThan(u.rmsMagnitude(), 2)
        // The analytic displacement agrees with the grid field.
        let mm = grid.imageMm(row: 20, column: 50)
        let d = model.displacementMm(m, x: mm.x, y: mm.y, centre: (0, 0))
        XCTAssertEqual(Double(u.rowDisplacement[20 * 80 + 50]), d.dy / 2, accuracy: 1e-4)
        XCTAssertEqual(Double(u.columnDisplacement[20 * 80 + 50]), d.dx / 2, accuracy: 1e-4)
    }

    /// Breath-hold then gasp: still during the hold, a large excursion after it.
    func testBreathHoldThenGasp() {
        var g = SeededGenerator(seed: 1)
        var settings = MotionSettings.moderate
        settings.pattern = .breathHoldThenGasp
        settings.breathHoldS = 20
        let model = MotionModel(settings: settings, durationS: 60, heartCentreMm: (0, 0), using: &g)
        let hold = stride(from: 0.0, to: 20, by: 0.5).map { model.respiration(at: $0) }
        let after = stride(from: 20.0, to: 30, by: 0.1).map { model.respiration(at: $0) }
        XCTAssertLessThan(hold.max()!, 0.25)
        XCTAssertGreaterThan(after.max()!, 1.5)
    }

    func testMistriggeredFramesInHardCase() throws {
        let s = try StudySynthesizer.synthesize(PhantomCase.hard.spec(seed: 6))
        let mis = s.truth.timeline.mistriggeredFrames
        XCTAssertFalse(mis.isEmpty)
        XCTAssertTrue(mis.allSatisfy { $0 >= s.truth.spec.pdFrameCount })
    }
}
