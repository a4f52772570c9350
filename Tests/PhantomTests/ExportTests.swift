import Foundation
import DICOM
import HDF5IO
import MyoFlowCore
import Phantom
import XCTest

final class ExportTests: XCTestCase {
    private func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "phantom-test-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testStudyAndGroundTruthRoundTrip() throws {
        var spec = PhantomCase.stressLAD.spec(seed: 3)
        spec.dynamicFrameCount = 20
        let s = try StudySynthesizer.synthesize(spec)
        let dir = temporaryDirectory()
        let written = try StudyExport.write(s, to: dir, preview: true)
        XCTAssertEqual(written.map { ($0 as NSString).lastPathComponent }, ["study.h5", "ground_truth.h5", "preview.png"])
        XCTAssertEqual(try StudyArchive.read(path: dir + "/study.h5").slices[2].pixels, s.study.slices[2].pixels)
        let gt = try HDF5File(path: dir + "/ground_truth.h5", mode: .read)
        XCTAssertEqual(try gt.stringAttribute("format"), GroundTruthArchive.formatName)
        XCTAssertEqual(try gt.stringAttribute("seed"), "3")
        let mid = try gt.openGroup("series").openGroup("mid")
        let rows = spec.imaging.rows, cols = spec.imaging.columns, frames = 23
        XCTAssertEqual(try mid.read("mbf_ml_per_min_per_g", as: Float.self, shape: [rows, cols]), s.truth.series[1].scene.mbf)
        XCTAssertEqual(try mid.read("labels", as: UInt8.self, shape: [rows, cols]), s.truth.series[1].scene.labels.labels)
        XCTAssertEqual(try mid.read("displacement", as: Float.self, shape: [frames, 2, rows, cols]), s.truth.series[1].correctionFields)
        XCTAssertEqual(try mid.intAttribute("peak_lv_frame"), s.truth.series[1].peakLVFrame)
        XCTAssertEqual(try mid.stringAttribute("study_group"), "/slices/slice_2")
        let segments = try gt.openGroup("segments").read("mbf_ml_per_min_per_g", as: Double.self, shape: [16])
        XCTAssertEqual(segments[0], s.truth.segmentMBF[0], accuracy: 1e-12)
        let spec2 = try JSONDecoder().decode(PhantomSpec.self, from: Data(try gt.stringAttribute("spec_json").utf8))
        XCTAssertEqual(spec2, spec)
    }

    /// DICOM export: one MR image per frame; pixels, timing, PD flip angle and geometry read back.
    func testDICOMExportReadsBack() throws {
        var spec = PhantomCase.stressLAD.spec(seed: 5)
        spec.dynamicFrameCount = 12
        let s = try StudySynthesizer.synthesize(spec)
        let dir = temporaryDirectory()
        try StudyExport.write(s, to: dir, format: .dicom)
        let aif = try XCTUnwrap(s.study.aif)
        for (k, series) in [(1, s.study.slices[0]), (4, aif)] {
            for f in [0, spec.pdFrameCount + 5] {
                let file = try DICOMFile.read(path: dir + String(format: "/dicom/series_%02d/IMG_%04d.dcm", k, f + 1))
                let frame = try XCTUnwrap(try DICOMFrame.frames(of: file).first)
                XCTAssertEqual(frame.rows, series.rows)
                XCTAssertEqual(frame.columns, series.columns)
                XCTAssertEqual(frame.seriesInstanceUID, series.seriesInstanceUID)
                let slope = Double(series.pixels.max()!) / 60_000
                let original = series.frame(f).pixels
                let worst = zip(frame.pixels, original).map { abs(Double($0 - $1)) }.max()!
                XCTAssertLessThanOrEqual(worst, slope * 0.51 + 1e-3)
                XCTAssertEqual(frame.flipAngleDeg, f < spec.pdFrameCount ? series.sequence.pdFlipAngleDeg : series.sequence.flipAngleDeg)
                XCTAssertEqual(try XCTUnwrap(frame.pixelSpacing).rowMm, series.geometry.spacing.rowMm, accuracy: 1e-6)
                XCTAssertEqual(try XCTUnwrap(frame.position).x, series.geometry.position.x, accuracy: 1e-3)
            }
        }
        let count = try FileManager.default.contentsOfDirectory(atPath: dir + "/dicom/series_02").count
        XCTAssertEqual(count, spec.pdFrameCount + spec.dynamicFrameCount)
    }
}
