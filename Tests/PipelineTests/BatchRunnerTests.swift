import Foundation
import Pipeline
import XCTest

final class BatchRunnerTests: XCTestCase {
    func testShardsPartitionTheSortedStudies() throws {
        let root = NSTemporaryDirectory() + "myoflow-batch-\(UUID().uuidString.prefix(8))"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        for name in ["c", "a", "e", "b", "d", ".hidden"] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
        }
        try Data().write(to: URL(fileURLWithPath: root + "/file.txt"))
        XCTAssertEqual(try BatchRunner.studies(in: root), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(try BatchRunner.studies(in: root, shard: (0, 2)), ["a", "c", "e"])
        XCTAssertEqual(try BatchRunner.studies(in: root, shard: (1, 2)), ["b", "d"])
        XCTAssertThrowsError(try BatchRunner.studies(in: root + "/missing"))
    }
}
