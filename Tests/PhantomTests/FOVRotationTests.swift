import Foundation
import MyoFlowCore
import Phantom
import XCTest

/// `PhantomSpec.fovRotationDeg`: the FOV turns in-plane, the DICOM orientation turns with it, and
/// the anatomy stays where it is in patient coordinates.
final class FOVRotationTests: XCTestCase {
    private func pair(_ degrees: Double, motion: Bool = false) throws -> (SyntheticStudy, SyntheticStudy) {
        var spec = TestSupport.cleanSpec(seed: 11)
        spec.dynamicFrameCount = 12
        if motion { spec.motion = .moderate }
        var turned = spec
        turned.fovRotationDeg = degrees
        return (try StudySynthesizer.synthesize(spec), try StudySynthesizer.synthesize(turned))
    }

    func testLandmarksKeepTheirPatientPositions() throws {
        let (a, b) = try pair(-127)
        for k in a.study.slices.indices {
            let ga = a.study.slices[k].geometry, gb = b.study.slices[k].geometry
            // The orientation is still orthonormal, with the same slice normal.
            XCTAssertEqual((gb.rowDirection * gb.rowDirection).sum(), 1, accuracy: 1e-12)
            XCTAssertEqual((gb.rowDirection * gb.columnDirection).sum(), 0, accuracy: 1e-12)
            XCTAssertLessThan(((ga.normal - gb.normal) * (ga.normal - gb.normal)).sum(), 1e-20)
            // ...but turned by 127° about it.
            XCTAssertEqual(acos((ga.rowDirection * gb.rowDirection).sum()) * 180 / .pi, 127, accuracy: 1e-9)
            let ta = a.truth.series[k].scene.aha, tb = b.truth.series[k].scene.aha
            for (p, q) in [(ta.lvCentre, tb.lvCentre), (ta.anteriorRVInsertion, tb.anteriorRVInsertion), (ta.inferiorRVInsertion, tb.inferiorRVInsertion)] {
                let pa = ga.patientPoint(row: p.row, column: p.column), pb = gb.patientPoint(row: q.row, column: q.column)
                XCTAssertLessThan(((pa - pb) * (pa - pb)).sum().squareRoot(), 1e-6)
            }
            // The image really turned: the anterior RVI moved in pixel terms.
            XCTAssertGreaterThan(hypot(ta.anteriorRVInsertion.row - tb.anteriorRVInsertion.row,
                                       ta.anteriorRVInsertion.column - tb.anteriorRVInsertion.column), 5)
        }
    }

    func testTissueAndSignalFollowTheAnatomy() throws {
        let (a, b) = try pair(63)
        let series = 1  // mid slice
        let sa = a.study.slices[series], sb = b.study.slices[series]
        let la = a.truth.series[series].scene.tissue, lb = b.truth.series[series].scene.tissue
        let myo = PhantomTissue.myocardium.rawValue
        // Every myocardial pixel of the turned slice, mapped through patient space onto the upright grid.
        let frame = sa.frames - 1
        var same = 0, total = 0, relative: [Double] = []
        for r in 0..<sb.rows {
            for c in 0..<sb.columns where lb[r * sb.columns + c] == myo {
                let p = sb.geometry.patientPoint(row: Double(r), column: Double(c)) - sa.geometry.position
                let col = (p * sa.geometry.rowDirection).sum() / sa.geometry.spacing.columnMm
                let row = (p * sa.geometry.columnDirection).sum() / sa.geometry.spacing.rowMm
                let ri = Int(row.rounded()), ci = Int(col.rounded())
                guard (0..<sa.rows).contains(ri), (0..<sa.columns).contains(ci) else { continue }
                total += 1
                guard la[ri * sa.columns + ci] == myo else { continue }
                same += 1
                let x = Double(sb.pixels[(frame * sb.rows + r) * sb.columns + c]), y = Double(sa.pixels[(frame * sa.rows + ri) * sa.columns + ci])
                relative.append(abs(x - y) / max(y, 1e-9))
            }
        }
        XCTAssertGreaterThan(total, 200)
        // Pixel centres of the two lattices differ by up to half a pixel: border pixels may change class.
        XCTAssertGreaterThan(Double(same) / Double(total), 0.85)
        // Total areas agree (same heart, resampled).
        let areaA = la.filter { $0 == myo }.count, areaB = lb.filter { $0 == myo }.count
        XCTAssertEqual(Double(areaB), Double(areaA), accuracy: 0.03 * Double(areaA))
        // The same tissue gives the same signal (texture and coil gain vary smoothly over the ≤ 1 mm lattice offset).
        XCTAssertLessThan(relative.sorted()[relative.count / 2], 0.05)
    }

    func testMotionTurnsWithTheAnatomy() throws {
        // A quarter turn: the breathing translation seen in the image turns by −90°, same length.
        let (a, b) = try pair(90, motion: true)
        let ma = a.truth.series[0].frameMotion, mb = b.truth.series[0].frameMotion
        var checked = 0
        for f in ma.indices where hypot(ma[f].translationMm.dx, ma[f].translationMm.dy) > 3 {
            // Image vector of an anatomy vector v under R(90°): (dy, dx) → (−v.dx, v.dy) (SliceGrid.imageVector).
            // The per-frame jitter (σ ≈ 0.3 × irregularity mm per axis) is drawn in the image frame.
            XCTAssertEqual(mb[f].translationMm.dy, -ma[f].translationMm.dx, accuracy: 0.6)
            XCTAssertEqual(mb[f].translationMm.dx, ma[f].translationMm.dy, accuracy: 0.6)
            XCTAssertEqual(mb[f].rotation, ma[f].rotation)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 3)
    }

    func testRandomRotationIsDeterministicAndCoversTheCircle() {
        let draws = (0..<400).map { PhantomSpec.randomFOVRotationDeg(seed: UInt64($0)) }
        XCTAssertEqual(draws, (0..<400).map { PhantomSpec.randomFOVRotationDeg(seed: UInt64($0)) })
        XCTAssertTrue(draws.allSatisfy { $0 >= -180 && $0 < 180 })
        for quadrant in 0..<4 {
            let lo = -180.0 + 90 * Double(quadrant)
            XCTAssertGreaterThan(draws.filter { $0 >= lo && $0 < lo + 90 }.count, 70, "quadrant from \(lo)°")
        }
    }
}
