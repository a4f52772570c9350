import MotionCorrection
import MyoFlowCore
import XCTest

/// A corrector that records the window it was given and does nothing.
private struct Recorder: MotionCorrector {
    let method = MotionCorrectionMethod.none
    func correct(_ series: ImageSeries, progress: any ProgressSink) throws -> SeriesRegistration { .identity(of: series) }
}

final class LVCentredMotionCorrectionTests: XCTestCase {
    func testGivenLVCentreIsPassedOnTheWindowGridWhenTheWindowIsShifted() throws {
        // 120 × 160 at 1 mm, LV near the top-right corner: the 100 mm window is shifted to stay
        // inside, so the LV centre is not the window centre.
        let pixels = (0..<(3 * 120 * 160)).map { Float($0 % 17) }
        let series = try ImageSeries(frames: 3, rows: 120, columns: 160, pixels: pixels, geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 1)),
                                     timesSeconds: [0, 1, 2])
        var seen: [(MocoCrop, PixelPosition)] = []
        let result = try LVCentredMotionCorrection.correct(series, sideMm: 100, lvCentre: PixelPosition(row: 30.5, column: 150.25)) { crop, centre in
            seen.append((crop, centre))
            return Recorder()
        }
        XCTAssertEqual(seen.count, 1)
        let (crop, centre) = seen[0]
        XCTAssertEqual([crop.row0, crop.column0, crop.rows, crop.columns], [0, 60, 100, 100])
        XCTAssertEqual(centre, PixelPosition(row: 30.5, column: 90.25))
        XCTAssertNil(result.pools, "no blood-pool search when the centre is given")
        XCTAssertEqual(result.registration.fields.count, 3)
    }
}
