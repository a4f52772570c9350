/// Hand-built DICOM bytes for tests (little endian unless stated), independent of the writer.
enum Bytes {
    static func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    static func u32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 24) & 0xFF)] }
    static let undefined: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]

    /// Explicit VR little-endian element with a defined length (the length field may be faked).
    static func explicit(_ g: Int, _ e: Int, _ vr: String, _ value: [UInt8], length: Int? = nil) -> [UInt8] {
        let long = ["OB", "OW", "OF", "SQ", "UN", "UT", "UC", "UR", "OD", "OL"].contains(vr)
        let n = length ?? value.count
        return u16(g) + u16(e) + Array(vr.utf8) + (long ? [0, 0] + u32(n) : u16(n)) + value
    }

    static func text(_ g: Int, _ e: Int, _ vr: String, _ s: String) -> [UInt8] {
        var v = Array(s.utf8)
        if v.count % 2 == 1 { v.append(vr == "UI" ? 0 : 0x20) }
        return explicit(g, e, vr, v)
    }

    /// Implicit VR little-endian element.
    static func implicit(_ g: Int, _ e: Int, _ value: [UInt8]) -> [UInt8] { u16(g) + u16(e) + u32(value.count) + value }

    /// Explicit-VR SQ with undefined length, items with undefined length and delimiters.
    static func undefinedSequence(_ g: Int, _ e: Int, items: [[UInt8]]) -> [UInt8] {
        var out = u16(g) + u16(e) + Array("SQ".utf8) + [0, 0] + undefined
        for item in items { out += u16(0xFFFE) + u16(0xE000) + undefined + item + u16(0xFFFE) + u16(0xE00D) + u32(0) }
        return out + u16(0xFFFE) + u16(0xE0DD) + u32(0)
    }

    static func part10(_ syntax: String, _ body: [UInt8]) -> [UInt8] {
        let ts = text(0x0002, 0x0010, "UI", syntax)
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + explicit(0x0002, 0x0000, "UL", u32(ts.count)) + ts + body
    }

    /// A minimal image: 2×3, 16-bit, the given pixel representation and values.
    static func image(rows: Int = 2, columns: Int = 3, bitsStored: Int = 16, signed: Bool = false, pixels: [Int], extra: [UInt8] = []) -> [UInt8] {
        text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.4") + text(0x0008, 0x0018, "UI", "1.2.3.4")
            + extra
            + text(0x0020, 0x000D, "UI", "1.2.3") + text(0x0020, 0x000E, "UI", "1.2.3.1")
            + explicit(0x0028, 0x0002, "US", u16(1)) + explicit(0x0028, 0x0010, "US", u16(rows)) + explicit(0x0028, 0x0011, "US", u16(columns))
            + explicit(0x0028, 0x0100, "US", u16(16)) + explicit(0x0028, 0x0101, "US", u16(bitsStored))
            + explicit(0x0028, 0x0103, "US", u16(signed ? 1 : 0))
            + explicit(0x7FE0, 0x0010, "OW", pixels.flatMap { u16($0) })
    }
}
