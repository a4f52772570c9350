import MotionCorrection
import MyoFlowCore
import XCTest

final class SeriesRegistrationTests: XCTestCase {
    func testIdentityRegistrationAndDefaultReferenceFrame() throws {
        let data = SyntheticPerfusion.make(rows: 32, columns: 32, dynamicFrames: 14, pdFrames: 2, seed: 1, motion: false)
        // 14 dynamics (frames 2…15): ten before the last is frame 15 − 10 = 5.
        XCTAssertEqual(MotionCorrectionConfiguration.defaultReferenceFrame(of: data.series), 5)
        XCTAssertEqual(MotionCorrectionConfiguration.defaultReferenceFrame(of: data.series, offsetFromEnd: 40), 2)
        let none = SeriesRegistration.identity(of: data.series)
        XCTAssertEqual(none.method, .none)
        XCTAssertEqual(none.fields.count, 16)
        XCTAssertEqual(none.corrected, data.series)
        XCTAssertTrue(none.fields.allSatisfy { $0.rmsMagnitude() == 0 })
    }

    func testCorrectorRejectsBadInputWithClearErrors() throws {
        let data = SyntheticPerfusion.make(rows: 32, columns: 32, dynamicFrames: 4, seed: 1, motion: false)
        XCTAssertThrowsError(try IterativeMotionCorrection.corrector().correct(data.series)) { error in
            XCTAssertEqual(error as? MotionCorrectionError, .tooFewFrames(series: "synthetic", needed: 5, got: 4))
        }
        var bad = SyntheticPerfusion.make(rows: 32, columns: 32, dynamicFrames: 8, seed: 1, motion: false).series
        bad[3, 2, 2] = .infinity
        XCTAssertThrowsError(try IterativeMotionCorrection.corrector().correct(bad)) { error in
            XCTAssertEqual(error as? MotionCorrectionError, .nonFinite(series: "synthetic", frame: 3))
            XCTAssertTrue("\(error)".contains("frame 3"))
        }
        let wrongRegion = MotionCorrectionConfiguration(region: Mask(rows: 4, columns: 4, values: .init(repeating: true, count: 16)))
        XCTAssertThrowsError(try IterativeMotionCorrection.corrector(configuration: wrongRegion).correct(data.series))
        let wrongReference = MotionCorrectionConfiguration(referenceFrame: 99)
        XCTAssertThrowsError(try IterativeMotionCorrection.corrector(configuration: wrongReference).correct(SyntheticPerfusion.make(rows: 32, columns: 32, dynamicFrames: 8, seed: 1, motion: false).series))
    }

    func testAIFLikeLowResolutionSeriesIsCorrectedToItsOwnReference() throws {
        // A 32×32 series (the low-resolution AIF slice) with translations only.
        let data = SyntheticPerfusion.make(rows: 32, columns: 32, dynamicFrames: 20, seed: 8, maxTranslation: 2, maxRotationDegrees: 0,
                                           maxScale: 0, nonRigidAmplitude: 0)
        let result = try IterativeMotionCorrection.corrector().correct(data.series)
        var before = 0.0, after = 0.0
        for f in 0..<20 {
            before += MotionQualityMetrics.residualMotionRMS(estimated: DisplacementField(rows: 32, columns: 32), truth: data.trueFields[f], mask: data.myocardium)
            after += MotionQualityMetrics.residualMotionRMS(estimated: result.fields[f], truth: data.trueFields[f], mask: data.myocardium)
        }
        print("AIF-like 32×32: mean residual motion \(before / 20) → \(after / 20) px")
        XCTAssertLessThan(after, 0.3 * before)
    }
}
