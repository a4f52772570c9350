import MotionCorrection
import MyoFlowCore
import XCTest

final class StudyMotionCorrectionTests: XCTestCase {
    func testEverySliceAndTheAIFSeriesGetTheirOwnRegistration() throws {
        let slice = SyntheticPerfusion.make(rows: 32, columns: 32, dynamicFrames: 14, pdFrames: 1, seed: 2, maxTranslation: 2)
        let aif = SyntheticPerfusion.make(rows: 24, columns: 24, dynamicFrames: 16, seed: 3, maxTranslation: 1.5)
        let study = try PerfusionStudy(slices: [slice.series, slice.series], aif: aif.series)
        var requested: [Int] = []
        let result = try StudyMotionCorrection.correct(study) { index in
            requested.append(index)
            return IterativeMotionCorrection.corrector()
        }
        XCTAssertEqual(requested, [0, 1, -1])
        XCTAssertEqual(result.slices.count, 2)
        XCTAssertEqual(result.slices[0].fields.count, 15)
        // The AIF series keeps its own grid and its own reference (16 − 1 − 10 = 5).
        XCTAssertEqual(result.aif?.corrected.rows, 24)
        XCTAssertEqual(result.aif?.referenceFrame, 5)
        XCTAssertEqual(result.aif?.method, .iterative)
    }
}
