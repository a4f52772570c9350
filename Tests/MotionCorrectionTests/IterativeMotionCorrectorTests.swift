import MotionCorrection
import MyoFlowCore
import XCTest

final class IterativeMotionCorrectorTests: XCTestCase {
    func testIterativeBaselineRecoversKnownAffineAndNonRigidMotion() throws {
        let data = SyntheticPerfusion.make(dynamicFrames: 24, seed: 7, maxTranslation: 4)
        let result = try IterativeMotionCorrection.corrector().correct(data.series)
        XCTAssertEqual(result.referenceFrame, 13) // ten dynamics before the last
        var before = [Double](), after = [Double]()
        let zero = DisplacementField(rows: 64, columns: 64)
        for f in data.series.dynamicFrameIndices {
            before.append(MotionQualityMetrics.residualMotionRMS(estimated: zero, truth: data.trueFields[f], mask: data.myocardium))
            after.append(MotionQualityMetrics.residualMotionRMS(estimated: result.fields[f], truth: data.trueFields[f], mask: data.myocardium))
        }
        let meanBefore = before.reduce(0, +) / Double(before.count)
        let meanAfter = after.reduce(0, +) / Double(after.count)
        print("residual motion RMS in ring: before \(meanBefore) px, after \(meanAfter) px; per frame \(after.map { String(format: "%.2f", $0) })")
        XCTAssertGreaterThan(meanBefore, 2.0)
        XCTAssertLessThanOrEqual(meanAfter, 0.5)
        XCTAssertLessThan(after.max()!, 0.8)

        // Native frames are resampled once, with the total field.
        for f in [0, 7, 20] {
            XCTAssertEqual(result.corrected.frame(f), try result.fields[f].warp(data.series.frame(f)))
        }
        // The reference frame's stage-1 transform is the identity; stage 2 may refine it.
        XCTAssertEqual(result.affines.count, 24)
        // QA metrics move towards the motion-free truth.
        let tic = { (s: ImageSeries) in MotionQualityMetrics.ticSmoothness(s, lvCentre: data.lvCentre, myocardium: data.myocardium, marginPixels: 4)! }
        // (The noise-free truth scores lower still: min–max-normalised noise of static pixels
        // dominates the corrected value.)
        print("TIC smoothness: moving \(tic(data.series)), corrected \(tic(result.corrected)), noise-free truth \(tic(data.truth))")
        XCTAssertLessThan(tic(result.corrected), 0.65 * tic(data.series))
        let masks = try MotionQualityMetrics.correctedMasks(reference: data.myocardium, trueFields: data.trueFields, estimatedFields: result.fields)
        let uncorrected = try MotionQualityMetrics.correctedMasks(reference: data.myocardium, trueFields: data.trueFields,
                                                                  estimatedFields: data.trueFields.map { _ in DisplacementField(rows: 64, columns: 64) })
        let peak = 6 // LV peak of the synthetic time course (27 % of 24 frames)
        let diceAfter = MotionQualityMetrics.myocardialDice(masks: masks, peakFrame: peak)!
        let diceBefore = MotionQualityMetrics.myocardialDice(masks: uncorrected, peakFrame: peak)!
        print("myocardial Dice around peak: \(diceBefore) → \(diceAfter)")
        XCTAssertGreaterThan(diceAfter, 0.9)
        XCTAssertGreaterThan(diceAfter, diceBefore + 0.1)
    }
}
