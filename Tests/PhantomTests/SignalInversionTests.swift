import Foundation
import MyoFlowCore
import Phantom
import Physics
import XCTest

final class SignalInversionTests: XCTestCase {
    /// Noiseless, motion-free data inverted with the centric signal equation and PD normalisation
    /// gives back the true Gd curve of every pixel we check, in every series.
    func testCentricInversionRecoversTrueGd() throws {
        let s = try StudySynthesizer.synthesize(TestSupport.cleanSpec())
        let relax = RelaxationConstants(fieldStrengthT: 3)!
        let series = s.study.slices + [s.study.aif!]
        var checked = 0
        for (k, img) in series.enumerated() {
            let truth = s.truth.series[k]
            let seq = img.sequence
            for tissue in [PhantomTissue.lvBlood, .rvBlood, .myocardium, .liver, .muscle] {
                let pixels = TestSupport.interiorPixels(truth.scene.tissue, rows: img.rows, columns: img.columns, code: tissue.rawValue)
                for i in pixels.prefix(25) {
                    let r = i / img.columns, c = i % img.columns
                    let t1 = truth.nativeT1ByTissue[Int(tissue.rawValue)]
                    let pd = Double(img[0, r, c])
                    let expected = truth.gdCurve(row: r, column: c)
                    for f in img.dynamicFrameIndices {
                        let gd = TestSupport.invertCentric(signal: Double(img[f, r, c]), pd: pd, ts: seq.saturationTimeMs! / 1000,
                                                           flipDeg: seq.flipAngleDeg!, pdFlipDeg: seq.pdFlipAngleDeg!, nativeT1: t1, r1: relax.r1)
                        XCTAssertEqual(gd, expected[f], accuracy: 1e-3 + 1e-3 * expected[f], "\(truth.name) \(tissue) pixel \(r),\(c) frame \(f)")
                    }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 60)
    }

    /// With the full readout-train model the signal is no longer the centric one; inverting with
    /// the train equation (bisection on Gd) recovers the truth, while the centric inverse is biased.
    func testFullReadoutTrainInversion() throws {
        var spec = TestSupport.cleanSpec()
        spec.fullReadoutTrain = true
        let s = try StudySynthesizer.synthesize(spec)
        let img = s.study.slices[1], truth = s.truth.series[1]
        XCTAssertEqual(img.sequence.linesToCentre, spec.imaging.linesToCentre)
        let relax = RelaxationConstants(fieldStrengthT: 3)!
        let sr = SaturationRecovery(saturationTimeS: spec.imaging.saturationTimeMs / 1000, flipAngleDeg: spec.imaging.flipAngleDeg,
                                    repetitionTimeS: spec.imaging.repetitionTimeMs / 1000, linesToCentre: spec.imaging.linesToCentre)
        let pdReadout = ProtonDensityReadout(flipAngleDeg: spec.imaging.pdFlipAngleDeg, repetitionTimeS: spec.imaging.repetitionTimeMs / 1000,
                                             linesToCentre: spec.imaging.linesToCentre)
        let lv = TestSupport.interiorPixels(truth.scene.tissue, rows: img.rows, columns: img.columns, code: PhantomTissue.lvBlood.rawValue)[0]
        let r = lv / img.columns, c = lv % img.columns
        let t1 = relax.t1BloodS
        let expected = truth.gdCurve(row: r, column: c)
        let f = truth.peakLVFrame
        // S/S_PD = signal(R1)/pdSignal(R1₀ of the PD frame, Gd = 0).
        let ratio = Double(img[f, r, c]) / Double(img[0, r, c]) * pdReadout.signal(r1: 1 / t1)
        var lo = 0.0, hi = 30.0
        for _ in 0..<80 {
            let mid = 0.5 * (lo + hi)
            if sr.signal(r1: relax.r1(nativeT1S: t1, gdMmolPerL: mid)) < ratio { lo = mid } else { hi = mid }
        }
        XCTAssertEqual(lo, expected[f], accuracy: 1e-3 * expected[f])
        let centric = TestSupport.invertCentric(signal: Double(img[f, r, c]), pd: Double(img[0, r, c]), ts: spec.imaging.saturationTimeMs / 1000,
                                                flipDeg: spec.imaging.flipAngleDeg, pdFlipDeg: spec.imaging.pdFlipAngleDeg, nativeT1: t1, r1: relax.r1)
        XCTAssertGreaterThan(abs(centric - expected[f]), 0.05 * expected[f], "train model should differ from the centric one")
    }
}
