import MotionCorrection
import MyoFlowCore
import XCTest

final class PDAlignmentTests: XCTestCase {
    func testPDFramesWithAnotherContrastAreAlignedToTheCorrectedSeries() throws {
        // Two PD frames (bright blood and myocardium, unsaturated background) then 20 dynamics.
        let data = SyntheticPerfusion.make(dynamicFrames: 20, pdFrames: 2, seed: 21, maxTranslation: 3)
        let result = try IterativeMotionCorrection.corrector().correct(data.series)
        XCTAssertEqual(result.referenceFrame, 2 + 9)
        for f in [0, 1] {
            let before = MotionQualityMetrics.residualMotionRMS(estimated: DisplacementField(rows: 64, columns: 64), truth: data.trueFields[f], mask: data.myocardium)
            let after = MotionQualityMetrics.residualMotionRMS(estimated: result.fields[f], truth: data.trueFields[f], mask: data.myocardium)
            print("PD frame \(f): residual motion \(before) → \(after) px")
            XCTAssertGreaterThan(before, 1.0)
            XCTAssertLessThan(after, 0.6)
            XCTAssertLessThan(after, 0.5 * before)
        }
        XCTAssertNotNil(result.stageSeconds["pd"])
        // PD frames are not dynamic: never in the outlier analysis.
        XCTAssertFalse(result.outliers.frames.contains(0))
    }

    func testTargetIsTheMeanOfTheListedFrames() throws {
        var series = SyntheticPerfusion.make(dynamicFrames: 8, pdFrames: 1, seed: 4, maxTranslation: 0).series
        var spike = series.frame(5)
        spike.pixels[100] = 1e6
        try series.setFrame(5, to: spike)
        let frames = [1, 2, 3, 4, 6, 7, 8]
        let image = PDAlignment.target(of: series, frames: frames)
        for p in [0, 100, 2000, 64 * 64 - 1] {
            let mean = frames.map { Double(series.frame($0).pixels[p]) }.reduce(0, +) / Double(frames.count)
            XCTAssertEqual(Double(image.pixels[p]), mean, accuracy: 1e-5 * max(1, abs(mean)), "pixel \(p)")
        }
        let withSpike = PDAlignment.target(of: series, frames: [5, 6]).pixels[100]
        XCTAssertEqual(Double(withSpike), (1e6 + Double(series.frame(6).pixels[100])) / 2, accuracy: 1, "a listed frame counts")
    }

    func testPDAlignmentCanBeSwitchedOff() throws {
        let data = SyntheticPerfusion.make(dynamicFrames: 12, pdFrames: 1, seed: 2, maxTranslation: 2)
        let result = try IterativeMotionCorrection.corrector(configuration: MotionCorrectionConfiguration(referenceOffsetFromEnd: 5, alignPDFrames: false)).correct(data.series)
        XCTAssertEqual(result.affines[0], .identity)
        XCTAssertEqual(result.corrected.frame(0), data.series.frame(0))
    }
}
