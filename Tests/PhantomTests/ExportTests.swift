import Foundation
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

    func testDicomIsReportedUnavailable() throws {
        let s = try StudySynthesizer.synthesize({ var x = PhantomCase.staticReference.spec(seed: 1); x.dynamicFrameCount = 10; return x }())
        XCTAssertThrowsError(try StudyExport.write(s, to: temporaryDirectory(), format: .dicom)) {
            XCTAssertTrue("\($0)".contains("not available"))
        }
    }
}
