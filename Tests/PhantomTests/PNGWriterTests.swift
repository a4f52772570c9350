import CZlib
import Foundation
import Phantom
import XCTest

final class PNGWriterTests: XCTestCase {
    func testEncodesDecodableGrayscaleAndRGB() throws {
        for (colour, channels) in [(PNGWriter.ColourType.grayscale, 1), (.rgb, 3)] {
            let rows = 5, columns = 7
            let pixels = (0..<(rows * columns * channels)).map { UInt8(($0 * 37) & 255) }
            let png = try PNGWriter.encode(rows: rows, columns: columns, colour: colour, pixels: pixels)
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // IHDR: width, height, bit depth 8, colour type.
            func u32(_ o: Int) -> Int { Int(png[o]) << 24 | Int(png[o + 1]) << 16 | Int(png[o + 2]) << 8 | Int(png[o + 3]) }
            XCTAssertEqual(String(decoding: png[12..<16], as: UTF8.self), "IHDR")
            XCTAssertEqual(u32(16), columns); XCTAssertEqual(u32(20), rows)
            XCTAssertEqual(png[24], 8); XCTAssertEqual(png[25], colour.rawValue)
            // IDAT follows IHDR (8 + 25 bytes); inflate it and compare scanlines.
            let idatLength = u32(33)
            XCTAssertEqual(String(decoding: png[37..<41], as: UTF8.self), "IDAT")
            let compressed = Array(png[41..<(41 + idatLength)])
            var raw = [UInt8](repeating: 0, count: rows * (columns * channels + 1))
            var length = uLongf(raw.count)
            XCTAssertEqual(uncompress(&raw, &length, compressed, uLong(compressed.count)), Z_OK)
            for r in 0..<rows {
                let line = r * (columns * channels + 1)
                XCTAssertEqual(raw[line], 0)
                XCTAssertEqual(Array(raw[(line + 1)...(line + columns * channels)]), Array(pixels[(r * columns * channels)..<((r + 1) * columns * channels)]))
            }
            XCTAssertEqual(String(decoding: png[(png.count - 8)..<(png.count - 4)], as: UTF8.self), "IEND")
        }
        XCTAssertThrowsError(try PNGWriter.encode(rows: 2, columns: 2, colour: .rgb, pixels: [1, 2, 3]))
    }
}
