import Foundation
import MyoFlowCore
import Preprocessing
import XCTest

final class BloodPoolLocatorTests: XCTestCase {
    func testFindsLVCentrePeakFrameAndRV() throws {
        let (series, peak, lvTruth) = try SyntheticPerfusion().make()
        let pools = try BloodPoolLocator().locate(series)
        XCTAssertEqual(pools.lvCentre.row, 50, accuracy: 1)
        XCTAssertEqual(pools.lvCentre.column, 60, accuracy: 1)
        XCTAssertLessThanOrEqual(abs(pools.peakLVFrame - peak), 1)
        XCTAssertGreaterThan(pools.lv.dice(lvTruth), 0.9)
        let rv = try XCTUnwrap(pools.rv)
        XCTAssertLessThan(try XCTUnwrap(rv.centroid).column, 60 - 15)  // RV on the left (angle π)
        XCTAssertEqual(pools.lvArrivalSeconds - pools.rvArrivalSeconds!, 4, accuracy: 0.8)
        XCTAssertTrue(pools.warnings.isEmpty, "\(pools.warnings)")
    }

    func testRotatedAnatomyAndOtherSpacing() throws {
        var spec = SyntheticPerfusion()
        spec.rvAngle = -Double.pi / 3
        spec.spacingMm = 1.3
        spec.lvRadiusMm = 16
        spec.rows = 128
        spec.columns = 128
        spec.lvCentre = (70, 58)
        spec.seed = 11
        let (series, peak, _) = try spec.make()
        let pools = try BloodPoolLocator().locate(series)
        XCTAssertEqual(pools.lvCentre.row, 70, accuracy: 1)
        XCTAssertEqual(pools.lvCentre.column, 58, accuracy: 1)
        XCTAssertLessThanOrEqual(abs(pools.peakLVFrame - peak), 1)
        let rvCentre = try XCTUnwrap(pools.rv?.centroid)
        XCTAssertLessThan(rvCentre.row, 70 - 10)  // up and to the right
        XCTAssertGreaterThan(rvCentre.column, 58 + 5)
    }

    func testScaledIntensitiesGiveTheSameAnswer() throws {
        var (series, _, _) = try SyntheticPerfusion().make()
        let a = try BloodPoolLocator().locate(series)
        series.pixels = series.pixels.map { $0 * 873 + 40 }
        let b = try BloodPoolLocator().locate(series)
        XCTAssertEqual(a.lv, b.lv)
        XCTAssertEqual(a.peakLVFrame, b.peakLVFrame)
    }

    func testAllZeroSeriesIsAClearError() throws {
        var (series, _, _) = try SyntheticPerfusion().make()
        series.pixels = [Float](repeating: 0, count: series.pixels.count)
        XCTAssertThrowsError(try BloodPoolLocator().locate(series)) {
            XCTAssertEqual($0 as? PreprocessingError, .noEnhancement(series: "synthetic"))
        }
    }

    func testTooFewFramesIsAClearError() throws {
        let series = try ImageSeries(frames: 3, rows: 4, columns: 4, pixels: .init(repeating: 1, count: 48),
                                     geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 2)), timesSeconds: [0, 1, 2],
                                     seriesInstanceUID: "short")
        XCTAssertThrowsError(try BloodPoolLocator().locate(series)) {
            XCTAssertTrue(String(describing: $0).contains("3 dynamic frame"))
        }
    }
}
