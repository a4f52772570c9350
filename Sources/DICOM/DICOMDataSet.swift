import Foundation

/// A parsed DICOM data set: elements by tag, with typed accessors that never trap.
///
/// Accessors return nil when the element is absent, empty or not decodable as asked; callers
/// decide whether that is an error. Text values are trimmed of padding (spaces and NULs).
public struct DICOMDataSet: Sendable {
    public private(set) var elements: [DICOMTag: DICOMElement]
    /// Whether binary values are big-endian (explicit VR big endian data sets).
    public var bigEndian: Bool

    public init(elements: [DICOMTag: DICOMElement] = [:], bigEndian: Bool = false) {
        self.elements = elements
        self.bigEndian = bigEndian
    }

    public subscript(tag: DICOMTag) -> DICOMElement? {
        get { elements[tag] }
        set { elements[tag] = newValue }
    }

    public func contains(_ tag: DICOMTag) -> Bool { elements[tag] != nil }

    /// Tags in ascending order (the order they are written in).
    public var sortedTags: [DICOMTag] { elements.keys.sorted() }

    // MARK: Text

    /// The whole text value, trimmed of leading/trailing spaces and NULs.
    public func string(_ tag: DICOMTag) -> String? {
        guard let e = elements[tag], e.items == nil, !e.bytes.isEmpty else { return nil }
        let text = String(decoding: e.bytes, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: DICOMDataSet.padding)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Backslash-separated text values, each trimmed.
    public func strings(_ tag: DICOMTag) -> [String] {
        guard let e = elements[tag], e.items == nil, !e.bytes.isEmpty else { return [] }
        return String(decoding: e.bytes, as: UTF8.self)
            .split(separator: "\\", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: DICOMDataSet.padding) }
    }

    /// Numeric values of a DS/IS text element, or of FD/FL/US/SS/UL/SL binary elements.
    /// Returns nil if any value does not parse or is not finite.
    public func doubles(_ tag: DICOMTag) -> [Double]? {
        guard let e = elements[tag], e.items == nil, !e.bytes.isEmpty else { return nil }
        switch e.vr {
        case .FD: return binary(e.bytes, width: 8).map { Double(bitPattern: $0) }
        case .FL: return binary(e.bytes, width: 4).map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case .US: return binary(e.bytes, width: 2).map { Double($0) }
        case .SS: return binary(e.bytes, width: 2).map { Double(Int16(bitPattern: UInt16(truncatingIfNeeded: $0))) }
        case .UL: return binary(e.bytes, width: 4).map { Double($0) }
        case .SL: return binary(e.bytes, width: 4).map { Double(Int32(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        default:
            let parts = strings(tag)
            guard !parts.isEmpty else { return nil }
            var out: [Double] = []
            out.reserveCapacity(parts.count)
            for p in parts {
                guard let v = Double(p), v.isFinite else { return nil }
                out.append(v)
            }
            return out
        }
    }

    /// The first numeric value (see `doubles`).
    public func double(_ tag: DICOMTag) -> Double? { doubles(tag)?.first }

    /// The first value as an integer (IS text or binary integer); nil if not integral.
    public func int(_ tag: DICOMTag) -> Int? {
        guard let v = double(tag), v.rounded() == v, abs(v) < 1e15 else { return nil }
        return Int(v)
    }

    /// An unsigned 16-bit value (US), also for implicit-VR data sets where the VR is unknown.
    public func uint16(_ tag: DICOMTag) -> UInt16? {
        guard let e = elements[tag], e.items == nil, e.bytes.count >= 2 else { return nil }
        if e.vr == .US || e.vr == .UN || e.vr == .SS || e.vr == .OW || e.vr == .OB {
            return binary(e.bytes.prefix(2), width: 2).first.map { UInt16(truncatingIfNeeded: $0) }
        }
        return int(tag).flatMap { (0...Int(UInt16.max)).contains($0) ? UInt16($0) : nil }
    }

    /// Items of a sequence (empty when absent or not a sequence).
    public func items(_ tag: DICOMTag) -> [DICOMDataSet] { elements[tag]?.items ?? [] }

    // MARK: Building (writer side)

    /// Sets a text element; the writer pads it to even length.
    public mutating func set(_ tag: DICOMTag, _ vr: DICOMVR, _ text: String) {
        elements[tag] = DICOMElement(tag: tag, vr: vr, bytes: ArraySlice(Array(text.utf8)))
    }

    /// Sets a multi-valued DS element ("1.5\2.5").
    public mutating func set(_ tag: DICOMTag, decimals values: [Double]) {
        set(tag, .DS, values.map(DICOMDataSet.formatDS).joined(separator: "\\"))
    }

    /// Sets a US element in this data set's byte order.
    public mutating func set(_ tag: DICOMTag, uint16 value: UInt16) {
        let b = bigEndian ? [UInt8(value >> 8), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8)]
        elements[tag] = DICOMElement(tag: tag, vr: .US, bytes: ArraySlice(b))
    }

    /// Sets a raw binary element.
    public mutating func set(_ tag: DICOMTag, _ vr: DICOMVR, bytes: [UInt8]) {
        elements[tag] = DICOMElement(tag: tag, vr: vr, bytes: ArraySlice(bytes))
    }

    /// Sets a sequence.
    public mutating func set(_ tag: DICOMTag, items: [DICOMDataSet]) {
        elements[tag] = DICOMElement(tag: tag, items: items)
    }

    public mutating func remove(_ tag: DICOMTag) { elements[tag] = nil }

    /// A decimal string of at most 16 characters (the DS limit).
    public static func formatDS(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        for digits in stride(from: 10, through: 1, by: -1) {
            let s = String(format: "%.\(digits)g", v)
            if s.count <= 16 { return s }
        }
        return String(format: "%.6e", v)
    }

    private static let padding = CharacterSet(charactersIn: " \0")

    private func binary(_ bytes: ArraySlice<UInt8>, width: Int) -> [UInt64] {
        let n = bytes.count / width
        var out = [UInt64](repeating: 0, count: n)
        var i = bytes.startIndex
        for k in 0..<n {
            var v: UInt64 = 0
            for b in 0..<width {
                let byte = UInt64(bytes[i + b])
                v |= bigEndian ? byte << UInt64(8 * (width - 1 - b)) : byte << UInt64(8 * b)
            }
            out[k] = v
            i += width
        }
        return out
    }
}
