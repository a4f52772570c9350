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

    /// A gasp late in the series moves bright tissue into two small patches far from the heart:
    /// their "arrival" is so late that the arrival split separates them from both blood pools, and
    /// the LV must still be found once they are set aside (stress-rca phantom, seed 2026, did this).
    func testLateBrighteningPatchesDoNotHideTheLV() throws {
        var (series, peak, lvTruth) = try SyntheticPerfusion().make()
        let n = series.pixelsPerFrame
        let late = (0..<series.frames).filter { series.timesSeconds[$0] >= 26 }
        XCTAssertGreaterThanOrEqual(late.count, 5)
        for (r0, c0) in [(5, 5), (85, 100)] {
            for r in r0..<(r0 + 4) { for c in c0..<(c0 + 4) { for f in late { series.pixels[f * n + r * series.columns + c] = 1.2 } } }
        }
        let pools = try BloodPoolLocator().locate(series)
        XCTAssertGreaterThan(pools.lv.dice(lvTruth), 0.9)
        XCTAssertLessThanOrEqual(abs(pools.peakLVFrame - peak), 1)
        XCTAssertNotNil(pools.rv)
        // The 32 patch pixels and some neighbours the 3 × 3 smoothing of the peak map brightens.
        XCTAssertTrue(pools.warnings.contains { $0.contains("enhancing pixels arriving after") && $0.contains("set aside") }, "\(pools.warnings)")
    }

    func testScaledIntensitiesGiveTheSameAnswer() throws {
        var (series, _, _) = try SyntheticPerfusion().make()
        let a = try BloodPoolLocator().locate(series)
        series.pixels = series.pixels.map { $0 * 873 + 40 }
        let b = try BloodPoolLocator().locate(series)
        XCTAssertEqual(a.lv, b.lv)
        XCTAssertEqual(a.peakLVFrame, b.peakLVFrame)
    }

    func testGivenCentreInsideTheLVSelectsItsPool() throws {
        let (series, peak, lvTruth) = try SyntheticPerfusion().make()
        let pools = try BloodPoolLocator(lvCentre: PixelPosition(row: 47, column: 63)).locate(series)
        XCTAssertGreaterThan(pools.lv.dice(lvTruth), 0.9)
        XCTAssertEqual(pools.lvCentre.row, 50, accuracy: 1)   // the pool's centroid, not the given point
        XCTAssertEqual(pools.lvCentre.column, 60, accuracy: 1)
        XCTAssertLessThanOrEqual(abs(pools.peakLVFrame - peak), 1)
        XCTAssertNotNil(pools.rv)
        XCTAssertTrue(pools.warnings.contains { $0.contains("given by the user") }, "\(pools.warnings)")
    }

    func testGivenCentreRescuesASmallLVTheSearchRejects() throws {
        // An apical-like LV of 4 mm radius (≈ 50 mm², below the 60 mm² minimum): the search fails
        // with the "no LV" error; pointing at it finds the pool and the right peak frame.
        var spec = SyntheticPerfusion()
        spec.lvRadiusMm = 4
        spec.wallMm = 7
        let (series, peak, lvTruth) = try spec.make()
        XCTAssertThrowsError(try BloodPoolLocator().locate(series)) { error in
            guard case .noLVFound = error as? PreprocessingError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("--lv-centre ROW,COL"), "\(error)")
        }
        let pools = try BloodPoolLocator(lvCentre: PixelPosition(row: 50, column: 60)).locate(series)
        XCTAssertGreaterThan(pools.lv.dice(lvTruth), 0.7)
        XCTAssertEqual(pools.lvCentre.row, 50, accuracy: 1)
        XCTAssertEqual(pools.lvCentre.column, 60, accuracy: 1)
        XCTAssertLessThanOrEqual(abs(pools.peakLVFrame - peak), 1)
    }

    func testGivenCentreAwayFromAnyPoolGivesADiscAndSaysSo() throws {
        let (series, _, _) = try SyntheticPerfusion().make()
        let given = PixelPosition(row: 15, column: 100)  // background, far from both pools
        let pools = try BloodPoolLocator(lvCentre: given).locate(series)
        XCTAssertEqual(pools.lvCentre.row, given.row, accuracy: 0.5)
        XCTAssertEqual(pools.lvCentre.column, given.column, accuracy: 0.5)
        // A 10 mm disc at 1.8 mm pixels: π·(10/1.8)² ≈ 97 pixels.
        XCTAssertEqual(Double(pools.lv.values.filter { $0 }.count), 97, accuracy: 12)
        XCTAssertTrue(pools.warnings.contains { $0.contains("disc") }, "\(pools.warnings)")
    }

    func testGivenCentreOutsideTheImageIsAClearError() throws {
        let (series, _, _) = try SyntheticPerfusion().make()
        for bad in [PixelPosition(row: 96, column: 10), PixelPosition(row: 10, column: -1), PixelPosition(row: .nan, column: 3)] {
            XCTAssertThrowsError(try BloodPoolLocator(lvCentre: bad).locate(series)) { error in
                guard case .lvCentreOutsideImage = error as? PreprocessingError else { return XCTFail("\(error)") }
                XCTAssertTrue("\(error)".contains("96 × 112"), "\(error)")
            }
        }
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
