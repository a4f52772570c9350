import Foundation
import HDF5IO
import MyoFlowCommands
import Phantom
import XCTest

/// `myoflow phantom --fov-rotation`: a fixed angle or one drawn from the seed, recorded in the
/// ground truth; bad values are rejected before anything is written.
final class PhantomCommandTests: XCTestCase {
    func testRotationValues() {
        XCTAssertNil(parseError(["phantom", "--out", "o", "--fov-rotation", "-30"]))
        XCTAssertNil(parseError(["phantom", "--out", "o", "--fov-rotation", "random"]))
        XCTAssertEqual(parseError(["phantom", "--out", "o", "--fov-rotation", "left"])?.contains("--fov-rotation"), true)
        XCTAssertEqual(parseError(["phantom", "--out", "o", "--fov-rotation", "nan"])?.contains("--fov-rotation"), true)
        XCTAssertEqual(parseError(["phantom", "--out", "o.h5", "--training-set", "4", "--fov-rotation", "10"])?.contains("training"), true)
    }

    func testRotationIsWrittenToTheGroundTruth() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-rot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (value, expected) in [("-30", -30.0), ("random", PhantomSpec.randomFOVRotationDeg(seed: 5))] {
            var command = try MyoFlowCommand.parseAsRoot(["phantom", "--out", root, "--case", "static", "--seed", "5",
                                                          "--fov-rotation", value, "--quiet"])
            try command.run()
            let file = try HDF5File(path: root + "/ground_truth.h5", mode: .read)
            XCTAssertEqual(try file.doubleAttribute("fov_rotation_deg"), expected, accuracy: 1e-12)
            let spec = try JSONDecoder().decode(PhantomSpec.self, from: Data(try file.stringAttribute("spec_json").utf8))
            XCTAssertEqual(spec.fovRotationDeg, expected, accuracy: 1e-12)
        }
    }
}
