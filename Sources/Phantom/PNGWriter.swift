import Foundation
import CZlib

/// A minimal PNG encoder: 8-bit grayscale or RGB, no interlace, zlib via the system library.
public enum PNGWriter {
    public enum ColourType: UInt8, Sendable { case grayscale = 0, rgb = 2 }

    /// Encodes rows × columns pixels (`channels` = 1 for grayscale, 3 for RGB, row-major, interleaved).
    public static func encode(rows: Int, columns: Int, colour: ColourType, pixels: [UInt8]) throws -> [UInt8] {
        let channels = colour == .rgb ? 3 : 1
        guard rows > 0, columns > 0, pixels.count == rows * columns * channels else {
            throw PhantomError.invalidParameter("PNG: \(pixels.count) bytes for \(rows)×\(columns)×\(channels)")
        }
        // Filter type 0 (none) per scanline.
        var raw = [UInt8](); raw.reserveCapacity(rows * (columns * channels + 1))
        for r in 0..<rows {
            raw.append(0)
            raw.append(contentsOf: pixels[(r * columns * channels)..<((r + 1) * columns * channels)])
        }
        var destLength = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(destLength))
        let status = compress2(&compressed, &destLength, raw, uLong(raw.count), 6)
        guard status == Z_OK else { throw PhantomError.invalidParameter("PNG: zlib compress2 failed (\(status))") }
        compressed.removeSubrange(Int(destLength)...)
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = [UInt8]()
        header += bigEndian(UInt32(columns)) + bigEndian(UInt32(rows))
        header += [8, colour.rawValue, 0, 0, 0]
        chunk("IHDR", header, into: &out)
        chunk("IDAT", compressed, into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    /// Encodes and writes atomically (temporary file, then rename).
    public static func write(path: String, rows: Int, columns: Int, colour: ColourType, pixels: [UInt8]) throws {
        let bytes = try encode(rows: rows, columns: columns, colour: colour, pixels: pixels)
        let url = URL(fileURLWithPath: path)
        do { try Data(bytes).write(to: url, options: .atomic) } catch {
            throw PhantomError.writeFailed(path: path, detail: "\(error)")
        }
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)] }

    private static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out += bigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        if !data.isEmpty { crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) } }
        out += bigEndian(UInt32(crc & 0xFFFF_FFFF))
    }
}
