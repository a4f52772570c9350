import Foundation
import Preprocessing
import XCTest

final class ModelLocatorTests: XCTestCase {
    func testMissingModelNamesEverySearchedPath() {
        XCTAssertThrowsError(try ModelLocator.locate(name: "segmentation.h5", modelDirectory: "/nonexistent/models")) { error in
            XCTAssertEqual("\(error)".contains("/nonexistent/models/segmentation.h5"), true, "\(error)")
            XCTAssertTrue("\(error)".contains("--model-dir"), "\(error)")
        }
        XCTAssertThrowsError(try ModelLocator.locate(name: "no-such-model.h5", executable: "/opt/x/bin/myoflow")) { error in
            XCTAssertTrue("\(error)".contains("/opt/x/bin/Models/no-such-model.h5"), "\(error)")
            XCTAssertTrue("\(error)".contains("/opt/x/Models/no-such-model.h5"), "\(error)")
        }
    }

    func testFindsTheShippedSegmentationModel() throws {
        let path = try ModelLocator.locate(name: "segmentation.h5", executable: "/nonexistent/bin/myoflow")
        XCTAssertTrue(path.hasSuffix("Models/segmentation.h5"), path)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        XCTAssertEqual(try ModelLocator.locate(name: "segmentation.h5", modelDirectory: dir), path)
    }
}
