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
    }
}
