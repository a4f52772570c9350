/// A DICOM value representation (two ASCII letters).
public struct DICOMVR: Hashable, Sendable, CustomStringConvertible {
    /// The two letters packed big-endian (`"OB"` → 0x4F42).
    public let code: UInt16

    public init(code: UInt16) { self.code = code }

    /// Creates a VR from its two letters; nil unless both are ASCII upper-case letters.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 2, DICOMVR.isLetterPair(u[0], u[1]) else { return nil }
        code = UInt16(u[0]) << 8 | UInt16(u[1])
    }

    /// Whether two bytes look like a VR (upper-case ASCII letters).
    public static func isLetterPair(_ a: UInt8, _ b: UInt8) -> Bool {
        (0x41...0x5A).contains(a) && (0x41...0x5A).contains(b)
    }

    public var description: String {
        String(decoding: [UInt8(code >> 8), UInt8(code & 0xFF)], as: UTF8.self)
    }

    /// VRs whose explicit encoding has two reserved bytes and a 32-bit length.
    public var hasLongLength: Bool { DICOMVR.longLength.contains(code) }

    /// VRs that hold text (possibly backslash-separated multiple values).
    public var isText: Bool { DICOMVR.textual.contains(code) }

    private static let longLength: Set<UInt16> = Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"].map { DICOMVR($0)!.code })
    private static let textual: Set<UInt16> = Set(["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"].map { DICOMVR($0)!.code })

    public static let AE = DICOMVR("AE")!, AS = DICOMVR("AS")!, AT = DICOMVR("AT")!, CS = DICOMVR("CS")!
    public static let DA = DICOMVR("DA")!, DS = DICOMVR("DS")!, DT = DICOMVR("DT")!, FD = DICOMVR("FD")!
    public static let FL = DICOMVR("FL")!, IS = DICOMVR("IS")!, LO = DICOMVR("LO")!, LT = DICOMVR("LT")!
    public static let OB = DICOMVR("OB")!, OW = DICOMVR("OW")!, PN = DICOMVR("PN")!, SH = DICOMVR("SH")!
    public static let SL = DICOMVR("SL")!, SQ = DICOMVR("SQ")!, SS = DICOMVR("SS")!, ST = DICOMVR("ST")!
    public static let TM = DICOMVR("TM")!, UI = DICOMVR("UI")!, UL = DICOMVR("UL")!, UN = DICOMVR("UN")!
    public static let US = DICOMVR("US")!, UT = DICOMVR("UT")!
}
