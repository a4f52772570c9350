import MotionCorrection
import MyoFlowCore
import XCTest

/// A corrector that does nothing (the window is what these tests look at).
private struct Identity: MotionCorrector {
    let method = MotionCorrectionMethod.none
    func correct(_ series: ImageSeries, progress: any ProgressSink) throws -> SeriesRegistration { .identity(of: series) }
}

/// `MotionCorrectionRun` with a user-given LV centre (`myoflow moco --lv-centre`).
final class StudyMotionCorrectionRunTests: XCTestCase {
    /// Two 64 × 64 slices at 2 mm (origin at the LPS origin, rows along +y, columns along +x) and
    /// a 32 × 32 AIF series at 4 mm whose origin is 12 mm below the slices and shifted in plane.
    private func study(aifColumnDirection: SIMD3<Double> = SIMD3(0, 1, 0)) throws -> PerfusionStudy {
        let slice = SyntheticPerfusion.make(rows: 64, columns: 64, dynamicFrames: 14, seed: 5, motion: false).series
        var aif = SyntheticPerfusion.make(rows: 32, columns: 32, dynamicFrames: 14, seed: 6, motion: false).series
        aif.geometry = SliceGeometry(position: SIMD3(-4, 8, -12), rowDirection: SIMD3(1, 0, 0), columnDirection: aifColumnDirection,
                                     spacing: PixelSpacing(isotropicMm: 4))
        return try PerfusionStudy(slices: [slice, slice], aif: aif)
    }

    func testGivenCentreCentresEverySliceWindowAndMapsIntoTheAIFSeries() throws {
        // Deliberately not the LV of the synthetic slices (their LV is at the image centre, 32, 32).
        let given = PixelPosition(row: 20, column: 30)
        let summary = try MotionCorrectionRun.correct(try study(), sideMm: 42, lvCentre: given) { _ in Identity() }
        XCTAssertEqual(summary.entries.map(\.name), ["slice_1", "slice_2", "slice_aif"])
        for entry in summary.entries.prefix(2) {
            // 42 mm / 2 mm = 21 px centred on (20, 30): rows 10…30, columns 20…40.
            let crop = entry.result.crop
            XCTAssertEqual([crop.row0, crop.column0, crop.rows, crop.columns], [10, 20, 21, 21], entry.name)
        }
        // (20, 30) at 2 mm is the LPS point (60, 40, 0); on the AIF grid (origin (−4, 8, −12), 4 mm)
        // that is column (60 + 4) / 4 = 16, row (40 − 8) / 4 = 8. The window (42 / 4 → 11 px) centres there.
        let aif = summary.entries[2].result.crop
        XCTAssertEqual(aif.rows, 11)
        XCTAssertEqual(Double(aif.row0) + Double(aif.rows - 1) / 2, 8, accuracy: 1e-9)
        XCTAssertEqual(Double(aif.column0) + Double(aif.columns - 1) / 2, 16, accuracy: 1e-9)
        XCTAssertTrue(summary.warnings.contains { $0.hasPrefix("slice_aif: ") && $0.contains("mapped to (8.0, 16.0)") }, "\(summary.warnings)")

        // Without a centre the windows follow the detected LV instead (the image centre).
        let automatic = try MotionCorrectionRun.correct(try study(), sideMm: 42) { _ in Identity() }
        let crop = automatic.entries[0].result.crop
        XCTAssertEqual(Double(crop.row0) + Double(crop.rows - 1) / 2, 32, accuracy: 2)
        XCTAssertEqual(Double(crop.column0) + Double(crop.columns - 1) / 2, 32, accuracy: 2)
    }

    func testMappedCentre() {
        let source = SliceGeometry(spacing: PixelSpacing(isotropicMm: 2))
        let target = try! ImageSeries(frames: 1, rows: 32, columns: 32, pixels: [Float](repeating: 0, count: 1024),
                                      geometry: SliceGeometry(position: SIMD3(-4, 8, -12), spacing: PixelSpacing(isotropicMm: 4)),
                                      timesSeconds: [0])
        let mapped = GivenLVCentre.mapped(PixelPosition(row: 20, column: 30), from: source, to: target)
        XCTAssertEqual(mapped?.row ?? -1, 8, accuracy: 1e-12)
        XCTAssertEqual(mapped?.column ?? -1, 16, accuracy: 1e-12)
        XCTAssertNil(GivenLVCentre.mapped(PixelPosition(row: 63, column: 63), from: source, to: target), "outside the target: (29.5, 32.5)")
        var tilted = target
        tilted.geometry.columnDirection = SIMD3(0, 0, 1)  // perpendicular plane
        XCTAssertNil(GivenLVCentre.mapped(PixelPosition(row: 20, column: 30), from: source, to: tilted))
    }

    func testAIFKeepsAutomaticDetectionWhenTheCentreDoesNotMapAndACentreOutsideASliceIsAnError() throws {
        let perpendicular = try study(aifColumnDirection: SIMD3(0, 0, 1))
        let summary = try MotionCorrectionRun.correct(perpendicular, sideMm: 42, lvCentre: PixelPosition(row: 20, column: 30)) { _ in Identity() }
        XCTAssertTrue(summary.warnings.contains { $0.hasPrefix("slice_aif: ") && $0.contains("found automatically") }, "\(summary.warnings)")

        XCTAssertThrowsError(try MotionCorrectionRun.correct(try study(), lvCentre: PixelPosition(row: 64, column: 5)) { _ in Identity() }) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("outside") && text.contains("64 rows") && text.contains("--lv-centre"), text)
        }
    }
}
