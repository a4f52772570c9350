/// The byte-level reader behind `DICOMFile.parse`.
///
/// Every length is checked against the bytes that remain before it is used, offsets are plain
/// `Int`s (64-bit, so 32-bit lengths cannot overflow them), nesting depth is bounded, and private
/// elements of defined length are skipped by length without being interpreted.
struct DICOMParser {
    let bytes: [UInt8]
    let path: String
    /// Deepest sequence nesting accepted (real files use 3–4 levels).
    static let maxDepth = 16

    private struct Encoding {
        var explicit: Bool
        var bigEndian: Bool
    }

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    func parseFile() throws -> DICOMFile {
        guard !bytes.isEmpty else { throw DICOMError.emptyFile(path: path) }
        var offset = 0
        var isPart10 = false
        if bytes.count >= 132, bytes[128] == 0x44, bytes[129] == 0x49, bytes[130] == 0x43, bytes[131] == 0x4D {
            offset = 132
            isPart10 = true
        }
        // File meta information: always explicit VR little endian.
        var meta = DICOMDataSet()
        if isPart10 || looksLikeMetaGroup(at: 0) {
            meta = try parseMeta(&offset)
        }
        let syntax: TransferSyntax
        if let uid = meta.string(.transferSyntaxUID) {
            syntax = TransferSyntax(uid: uid)
        } else if isPart10 && offset >= bytes.count {
            throw DICOMError.truncated(path: path, tag: nil, offset: offset, detail: "file ends after the file meta information")
        } else {
            guard let guessed = guessSyntax(at: offset) else {
                throw isPart10
                    ? DICOMError.malformed(path: path, tag: nil, offset: offset, detail: "no TransferSyntaxUID and the data set encoding is not recognisable")
                    : DICOMError.notDICOM(path: path)
            }
            syntax = guessed
        }
        let encoding: Encoding
        switch syntax {
        case .implicitVRLittleEndian: encoding = Encoding(explicit: false, bigEndian: false)
        case .explicitVRLittleEndian: encoding = Encoding(explicit: true, bigEndian: false)
        case .explicitVRBigEndian: encoding = Encoding(explicit: true, bigEndian: true)
        case let .unsupported(uid):
            // Deflated data sets cannot be parsed at all; encapsulated (compressed pixel) syntaxes
            // use explicit VR LE for the data set, so the header is still readable.
            if uid == "1.2.840.10008.1.2.1.99" { throw DICOMError.unsupportedTransferSyntax(path: path, syntax: syntax) }
            encoding = Encoding(explicit: true, bigEndian: false)
        }
        var elements: [DICOMTag: DICOMElement] = [:]
        try parseElements(&offset, end: bytes.count, encoding: encoding, depth: 0, untilItemEnd: false, into: &elements)
        let dataSet = DICOMDataSet(elements: elements, bigEndian: encoding.bigEndian)
        return DICOMFile(path: path, meta: meta, dataSet: dataSet, transferSyntax: syntax, isPart10: isPart10)
    }

    // MARK: Meta group and syntax detection

    private func looksLikeMetaGroup(at offset: Int) -> Bool {
        guard offset + 6 <= bytes.count else { return false }
        return u16(offset, bigEndian: false) == 0x0002 && DICOMVR.isLetterPair(bytes[offset + 4], bytes[offset + 5])
    }

    private func parseMeta(_ offset: inout Int) throws -> DICOMDataSet {
        var elements: [DICOMTag: DICOMElement] = [:]
        let encoding = Encoding(explicit: true, bigEndian: false)
        while offset + 4 <= bytes.count, u16(offset, bigEndian: false) == 0x0002 {
            if let element = try parseElement(&offset, end: bytes.count, encoding: encoding, depth: 0) {
                elements[element.tag] = element
            }
        }
        return DICOMDataSet(elements: elements, bigEndian: false)
    }

    /// Guesses the encoding of a raw data set from its first element header; nil when the bytes
    /// do not start like a DICOM data set.
    private func guessSyntax(at offset: Int) -> TransferSyntax? {
        guard offset + 8 <= bytes.count else { return nil }
        let plausibleGroups: Set<UInt16> = [0x0000, 0x0002, 0x0008]
        let letters = DICOMVR.isLetterPair(bytes[offset + 4], bytes[offset + 5])
        if letters, plausibleGroups.contains(u16(offset, bigEndian: false)) { return .explicitVRLittleEndian }
        if letters, plausibleGroups.contains(u16(offset, bigEndian: true)) { return .explicitVRBigEndian }
        if plausibleGroups.contains(u16(offset, bigEndian: false)) {
            let length = Int(u32(offset + 4, bigEndian: false))
            if length == 0xFFFF_FFFF || offset + 8 + length <= bytes.count { return .implicitVRLittleEndian }
        }
        return nil
    }

    // MARK: Elements

    private func parseElements(_ offset: inout Int, end: Int, encoding: Encoding, depth: Int, untilItemEnd: Bool,
                               into elements: inout [DICOMTag: DICOMElement]) throws {
        while offset < end {
            if untilItemEnd, offset + 4 <= end, tag(at: offset, bigEndian: encoding.bigEndian) == .itemDelimitation {
                offset += 8
                guard offset <= end else {
                    throw DICOMError.truncated(path: path, tag: .itemDelimitation, offset: offset - 8, detail: "item delimiter without its length field")
                }
                return
            }
            if let element = try parseElement(&offset, end: end, encoding: encoding, depth: depth) {
                elements[element.tag] = element
            }
        }
        if untilItemEnd {
            throw DICOMError.truncated(path: path, tag: nil, offset: offset, detail: "undefined-length item has no item delimiter")
        }
    }

    /// Reads one element; nil for elements that are skipped (private tags, group lengths).
    private func parseElement(_ offset: inout Int, end: Int, encoding: Encoding, depth: Int) throws -> DICOMElement? {
        let start = offset
        guard start + 8 <= end else {
            throw DICOMError.truncated(path: path, tag: start + 4 <= end ? tag(at: start, bigEndian: encoding.bigEndian) : nil,
                                       offset: start, detail: "element header needs 8 bytes, \(end - start) left")
        }
        let t = tag(at: start, bigEndian: encoding.bigEndian)
        if t.group == 0xFFFE {
            throw DICOMError.malformed(path: path, tag: t, offset: start, detail: "item or delimiter tag outside a sequence")
        }
        var vr: DICOMVR
        var length: Int
        var valueStart: Int
        if encoding.explicit {
            let a = bytes[start + 4], b = bytes[start + 5]
            guard DICOMVR.isLetterPair(a, b) else {
                throw DICOMError.malformed(path: path, tag: t, offset: start, detail: "invalid VR bytes 0x\(String(a, radix: 16)) 0x\(String(b, radix: 16)) in an explicit-VR data set")
            }
            vr = DICOMVR(code: UInt16(a) << 8 | UInt16(b))
            if vr.hasLongLength {
                guard start + 12 <= end else {
                    throw DICOMError.truncated(path: path, tag: t, offset: start, detail: "\(vr) element header needs 12 bytes, \(end - start) left")
                }
                length = Int(u32(start + 8, bigEndian: encoding.bigEndian))
                valueStart = start + 12
            } else {
                length = Int(u16(start + 6, bigEndian: encoding.bigEndian))
                valueStart = start + 8
            }
        } else {
            vr = DICOMDictionary.vr(for: t)
            length = Int(u32(start + 4, bigEndian: encoding.bigEndian))
            valueStart = start + 8
        }

        if length == 0xFFFF_FFFF {
            if t == .pixelData {
                // Encapsulated (compressed) pixel data: skip its fragments, keep the header.
                offset = valueStart
                try skipFragments(&offset, end: end, encoding: encoding)
                return DICOMElement(tag: .encapsulatedPixelData, vr: vr, bytes: [])
            }
            // Undefined length: a sequence (SQ, UN per PS3.5 §6.2.2, or implicit VR).
            guard vr == .SQ || vr == .UN || !encoding.explicit else {
                throw DICOMError.malformed(path: path, tag: t, offset: start, detail: "undefined length on a \(vr) element")
            }
            let itemEncoding = vr == .UN && encoding.explicit ? Encoding(explicit: false, bigEndian: false) : encoding
            offset = valueStart
            let items = try parseItems(&offset, end: end, definedEnd: nil, encoding: itemEncoding, depth: depth + 1, tag: t)
            return t.isPrivate || t.element == 0 ? nil : DICOMElement(tag: t, items: items)
        }

        let valueEnd = valueStart + length
        guard valueEnd <= end else {
            let what = t == .pixelData ? "pixel data" : "value"
            throw DICOMError.truncated(path: path, tag: t, offset: start, detail: "\(what) length \(length) bytes exceeds the \(end - valueStart) bytes left")
        }
        offset = valueEnd
        if t.isPrivate || (t.element == 0 && t.group != 0x0002) { return nil }  // skipped safely by length
        if vr == .SQ {
            var inner = valueStart
            let items = try parseItems(&inner, end: valueEnd, definedEnd: valueEnd, encoding: encoding, depth: depth + 1, tag: t)
            return DICOMElement(tag: t, items: items)
        }
        return DICOMElement(tag: t, vr: vr, bytes: bytes[valueStart..<valueEnd])
    }

    private func parseItems(_ offset: inout Int, end: Int, definedEnd: Int?, encoding: Encoding, depth: Int, tag sequenceTag: DICOMTag) throws -> [DICOMDataSet] {
        guard depth <= DICOMParser.maxDepth else {
            throw DICOMError.malformed(path: path, tag: sequenceTag, offset: offset, detail: "sequences nested deeper than \(DICOMParser.maxDepth) levels")
        }
        var items: [DICOMDataSet] = []
        while true {
            if let definedEnd, offset >= definedEnd { return items }
            guard offset + 8 <= end else {
                throw DICOMError.truncated(path: path, tag: sequenceTag, offset: offset, detail: "sequence ends inside an item header (no sequence delimiter)")
            }
            let t = tag(at: offset, bigEndian: encoding.bigEndian)
            let length = Int(u32(offset + 4, bigEndian: encoding.bigEndian))
            offset += 8
            if t == .sequenceDelimitation {
                guard definedEnd == nil else {
                    throw DICOMError.malformed(path: path, tag: sequenceTag, offset: offset - 8, detail: "sequence delimiter inside a defined-length sequence")
                }
                return items
            }
            guard t == .item else {
                throw DICOMError.malformed(path: path, tag: sequenceTag, offset: offset - 8, detail: "expected an item tag (FFFE,E000), found \(t)")
            }
            var elements: [DICOMTag: DICOMElement] = [:]
            if length == 0xFFFF_FFFF {
                try parseElements(&offset, end: end, encoding: encoding, depth: depth, untilItemEnd: true, into: &elements)
            } else {
                let itemEnd = offset + length
                guard itemEnd <= end else {
                    throw DICOMError.truncated(path: path, tag: sequenceTag, offset: offset - 8, detail: "item length \(length) exceeds the \(end - offset) bytes left")
                }
                try parseElements(&offset, end: itemEnd, encoding: encoding, depth: depth, untilItemEnd: false, into: &elements)
                offset = itemEnd
            }
            items.append(DICOMDataSet(elements: elements, bigEndian: encoding.bigEndian))
        }
    }

    /// Skips the items of encapsulated pixel data up to and including the sequence delimiter.
    private func skipFragments(_ offset: inout Int, end: Int, encoding: Encoding) throws {
        while true {
            guard offset + 8 <= end else {
                throw DICOMError.truncated(path: path, tag: .pixelData, offset: offset, detail: "encapsulated pixel data without a sequence delimiter")
            }
            let t = tag(at: offset, bigEndian: encoding.bigEndian)
            let length = Int(u32(offset + 4, bigEndian: encoding.bigEndian))
            offset += 8
            if t == .sequenceDelimitation { return }
            guard t == .item, length != 0xFFFF_FFFF, offset + length <= end else {
                throw DICOMError.malformed(path: path, tag: .pixelData, offset: offset - 8, detail: "bad fragment in encapsulated pixel data")
            }
            offset += length
        }
    }

    // MARK: Bytes (callers have checked the bounds)

    @inline(__always) private func u16(_ i: Int, bigEndian: Bool) -> UInt16 {
        bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
    }

    @inline(__always) private func u32(_ i: Int, bigEndian: Bool) -> UInt32 {
        let b0 = UInt32(bytes[i]), b1 = UInt32(bytes[i + 1]), b2 = UInt32(bytes[i + 2]), b3 = UInt32(bytes[i + 3])
        return bigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b0 | b1 << 8 | b2 << 16 | b3 << 24
    }

    @inline(__always) private func tag(at i: Int, bigEndian: Bool) -> DICOMTag {
        DICOMTag(u16(i, bigEndian: bigEndian), u16(i + 2, bigEndian: bigEndian))
    }
}

extension DICOMTag {
    /// Marker the parser stores in place of encapsulated (compressed) pixel data. Not a real tag
    /// of any data set written to disk (element 0x0011 of the pixel data group is unused).
    public static let encapsulatedPixelData = DICOMTag(0x7FE0, 0x0011)
}
