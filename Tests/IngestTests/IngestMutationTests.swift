import DICOM
import Foundation
import Ingest
import XCTest

/// Mutated headers through the whole ingest path (grouping, timing, classification, building):
/// every outcome must be a study, a report or a precise error, never a crash.
final class IngestMutationTests: XCTestCase {
    func testMutatedStudiesNeverCrashIngest() throws {
        var state: UInt64 = 0xC0FF_EE00
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var fx = StudyFixture(); fx.frames = 6; fx.rows = 8; fx.columns = 8; fx.aifRows = 4; fx.aifColumns = 4
        var loaded = 0, refused = 0
        for round in 0..<6 {
            let dir = temporaryFolder("mutation\(round)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let paths = try fx.write(to: dir)
            for path in paths where next() % 3 == 0 {
                var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                // Mutate text values in the header (digits, separators), where grouping looks.
                let headerEnd = max(133, bytes.count - fx.rows * fx.columns * 2 - 12)
                for _ in 0..<(1 + Int(next() % 6)) {
                    let at = 132 + Int(next() % UInt64(headerEnd - 132))
                    let choices: [UInt8] = Array("0123456789.-\\+eE ".utf8) + [0, 0xFF]
                    bytes[at] = choices[Int(next() % UInt64(choices.count))]
                }
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            }
            _ = try Ingest.inspect(path: dir).table()
            do { _ = try Ingest.load(path: dir); loaded += 1 } catch { refused += 1 }
        }
        XCTAssertEqual(loaded + refused, 6)
    }
}
