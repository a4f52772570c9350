import Anatomy
import Foundation
import XCTest

/// The shipped Atlas table and the code's table must agree.
final class AtlasTableTests: XCTestCase {
    private struct Table: Decodable {
        struct Row: Decodable { let number: Int; let name: String; let level: String; let territory: String }
        let segments: [Row]
    }

    func testAtlasJSONMatchesCode() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Atlas/aha-segments.json")
        let table = try JSONDecoder().decode(Table.self, from: Data(contentsOf: url.standardizedFileURL))
        XCTAssertEqual(table.segments.count, 16)
        for (row, segment) in zip(table.segments, AHASegment.all) {
            XCTAssertEqual(row.number, segment.number)
            XCTAssertEqual(row.name, segment.name)
            XCTAssertEqual(row.level, segment.level.rawValue)
            XCTAssertEqual(row.territory, segment.territory.rawValue)
        }
    }
}
