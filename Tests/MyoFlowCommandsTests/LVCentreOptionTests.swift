import Foundation
import MyoFlowCommands
import MyoFlowCore
import Phantom
import XCTest

/// `--lv-centre ROW,COL` on `segment`, `analyze` and `moco`: parsed strictly, honoured by `segment`,
/// checked against the slices by `moco` (its windows: MotionCorrectionTests, StudyMotionCorrectionRunTests).
final class LVCentreOptionTests: XCTestCase {
    func testValues() {
        for command in ["segment", "analyze", "moco"] {
            XCTAssertNil(parseError([command, "in", "--out", "o", "--lv-centre", "61.5,70"]))
            for bad in ["61", "a,b", "1,2,3", "-4,5", "nan,3"] {
                XCTAssertEqual(parseError([command, "in", "--out", "o", "--lv-centre=\(bad)"])?.contains("--lv-centre"), true, "\(command) \(bad)")
            }
        }
        XCTAssertNotNil(parseError(["demo", "--out", "o", "--lv-centre", "1,2"]))  // not an option of demo
    }

    func testSegmentUsesTheGivenCentre() throws {
        let study = try ExportedPhantomStudy(seed: 4343, name: "lvcentre")
        defer { study.remove() }
        let synthetic = study.synthetic, root = study.root
        // Outside the image: a clear error, no output folder.
        var bad = try MyoFlowCommand.parseAsRoot(["segment", root + "/study/study.h5", "--out", root + "/bad", "--lv-centre", "900,5", "--quiet"])
        XCTAssertThrowsError(try bad.run()) { XCTAssertTrue("\($0)".contains("outside"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/bad"))
        var badMoco = try MyoFlowCommand.parseAsRoot(["moco", root + "/study/study.h5", "--out", root + "/badmoco", "--moco", "iterative",
                                                      "--lv-centre", "900,5", "--quiet"])
        XCTAssertThrowsError(try badMoco.run()) { XCTAssertTrue("\($0)".contains("outside") && "\($0)".contains("--lv-centre"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/badmoco/moco"))
        // At the true LV centre of the mid slice: every slice segmented, the centre in the LV.
        let centre = synthetic.truth.series[1].scene.aha.lvCentre
        var good = try MyoFlowCommand.parseAsRoot(["segment", root + "/study/study.h5", "--out", root + "/seg",
                                                   "--lv-centre", "\(centre.row),\(centre.column)", "--quiet"])
        try good.run()
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/seg/landmarks.json"))) as! [String: Any]
        let entries = try XCTUnwrap(json["slices"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 3)
        for (k, entry) in entries.enumerated() {
            let c = try XCTUnwrap(entry["lv_center_rc"] as? [Double])
            let truth = synthetic.truth.series[k].scene.aha.lvCentre
            XCTAssertLessThan(hypot(c[0] - truth.row, c[1] - truth.column), 3, "slice \(k)")
        }
    }
}
