import Foundation
import MyoFlowCore

/// Encodes data sets as DICOM Part 10 files (or raw data sets) in any of the native syntaxes.
///
/// Used by the phantom to export studies and by tests to generate every layout the reader must
/// handle. Binary values are byte-swapped when the data set's byte order differs from the
/// target syntax; text values are padded to even length (UI with NUL, others with space).
public struct DICOMWriter: Sendable {
    public struct Options: Sendable {
        /// Target encoding; only the three native syntaxes can be written.
        public var syntax: TransferSyntax
        /// Write the 128-byte preamble, "DICM" and the file meta group; false writes a raw data set.
        public var part10: Bool
        /// Encode sequences and items with undefined length and delimiters.
        public var undefinedLengthSequences: Bool

        public init(syntax: TransferSyntax = .explicitVRLittleEndian, part10: Bool = true, undefinedLengthSequences: Bool = false) {
            self.syntax = syntax
            self.part10 = part10
            self.undefinedLengthSequences = undefinedLengthSequences
        }
    }

    public enum WriteError: Error, CustomStringConvertible {
        case unsupportedSyntax(TransferSyntax)
        case valueTooLong(tag: DICOMTag, vr: DICOMVR, bytes: Int)
        case io(path: String, detail: String)

        public var description: String {
            switch self {
            case let .unsupportedSyntax(s): return "cannot write transfer syntax \(s): only the uncompressed syntaxes are written"
            case let .valueTooLong(tag, vr, bytes): return "element \(tag) \(vr): \(bytes) bytes do not fit a 16-bit length field"
            case let .io(path, detail): return "\(path): cannot write: \(detail)"
            }
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Encodes a data set. The file meta group is built from SOPClassUID / SOPInstanceUID.
    public func encode(_ dataSet: DICOMDataSet) throws -> [UInt8] {
        let syntax = options.syntax
        guard !isUnsupported(syntax) else { throw WriteError.unsupportedSyntax(syntax) }
        var out: [UInt8] = []
        out.reserveCapacity(estimateSize(dataSet) + 512)
        if options.part10 {
            out.append(contentsOf: [UInt8](repeating: 0, count: 128))
            out.append(contentsOf: Array("DICM".utf8))
            var meta = DICOMDataSet()
            meta.set(.fileMetaInformationVersion, .OB, bytes: [0, 1])
            meta.set(.mediaStorageSOPClassUID, .UI, dataSet.string(.sopClassUID) ?? MRImageSpec.mrImageStorage)
            meta.set(.mediaStorageSOPInstanceUID, .UI, dataSet.string(.sopInstanceUID) ?? "")
            meta.set(.transferSyntaxUID, .UI, syntax.uid)
            meta.set(.implementationClassUID, .UI, "1.2.826.0.1.3680043.10.1011.1")
            var body: [UInt8] = []
            let metaEncoding = Encoding(explicit: true, bigEndian: false, undefined: false)
            for tag in meta.sortedTags { if let e = meta[tag] { try write(e, sourceBigEndian: false, encoding: metaEncoding, into: &body) } }
            var groupLength = DICOMDataSet()
            groupLength.set(.fileMetaInformationGroupLength, .UL, bytes: le32(UInt32(body.count)))
            if let e = groupLength[.fileMetaInformationGroupLength] { try write(e, sourceBigEndian: false, encoding: metaEncoding, into: &out) }
            out.append(contentsOf: body)
        }
        let encoding = Encoding(explicit: syntax.isExplicitVR, bigEndian: syntax.isBigEndian, undefined: options.undefinedLengthSequences)
        try writeDataSet(dataSet, encoding: encoding, into: &out)
        return out
    }

    /// Encodes and writes atomically (temporary file, then rename).
    public func write(_ dataSet: DICOMDataSet, to path: String) throws {
        let bytes = try encode(dataSet)
        do {
            try AtomicOutput.write(to: path) { try Data(bytes).write(to: URL(fileURLWithPath: $0)) }
        } catch {
            throw WriteError.io(path: path, detail: error.localizedDescription)
        }
    }

    // MARK: Encoding

    private struct Encoding {
        var explicit: Bool
        var bigEndian: Bool
        var undefined: Bool
    }

    private func isUnsupported(_ s: TransferSyntax) -> Bool {
        if case .unsupported = s { return true }
        return false
    }

    private func estimateSize(_ ds: DICOMDataSet) -> Int {
        ds.elements.values.reduce(0) { $0 + $1.bytes.count + 12 }
    }

    private func writeDataSet(_ ds: DICOMDataSet, encoding: Encoding, into out: inout [UInt8]) throws {
        for tag in ds.sortedTags where tag.group != 0x0002 && tag != .encapsulatedPixelData {
            if let e = ds[tag] { try write(e, sourceBigEndian: ds.bigEndian, encoding: encoding, into: &out) }
        }
    }

    private func write(_ e: DICOMElement, sourceBigEndian: Bool, encoding: Encoding, into out: inout [UInt8]) throws {
        appendTag(e.tag, bigEndian: encoding.bigEndian, into: &out)
        if let items = e.items {
            var body: [UInt8] = []
            for item in items {
                var itemBody: [UInt8] = []
                try writeDataSet(item, encoding: encoding, into: &itemBody)
                appendTag(.item, bigEndian: encoding.bigEndian, into: &body)
                append32(encoding.undefined ? 0xFFFF_FFFF : UInt32(itemBody.count), bigEndian: encoding.bigEndian, into: &body)
                body.append(contentsOf: itemBody)
                if encoding.undefined {
                    appendTag(.itemDelimitation, bigEndian: encoding.bigEndian, into: &body)
                    append32(0, bigEndian: encoding.bigEndian, into: &body)
                }
            }
            if encoding.undefined {
                appendTag(.sequenceDelimitation, bigEndian: encoding.bigEndian, into: &body)
                append32(0, bigEndian: encoding.bigEndian, into: &body)
            }
            if encoding.explicit { out.append(contentsOf: [0x53, 0x51, 0, 0]) }
            append32(encoding.undefined ? 0xFFFF_FFFF : UInt32(body.count), bigEndian: encoding.bigEndian, into: &out)
            out.append(contentsOf: body)
            return
        }
        var value = Array(e.bytes)
        if e.vr.isText, value.count % 2 == 1 { value.append(e.vr == .UI ? 0 : 0x20) }
        if !e.vr.isText, value.count % 2 == 1 { value.append(0) }
        let width = DICOMWriter.swapWidth(e.vr)
        if sourceBigEndian != encoding.bigEndian, width > 1 {
            var i = 0
            while i + width <= value.count {
                value[i..<i + width].reverse()
                i += width
            }
        }
        if encoding.explicit {
            out.append(UInt8(e.vr.code >> 8))
            out.append(UInt8(e.vr.code & 0xFF))
            if e.vr.hasLongLength {
                out.append(contentsOf: [0, 0])
                append32(UInt32(value.count), bigEndian: encoding.bigEndian, into: &out)
            } else {
                guard value.count <= 0xFFFF else { throw WriteError.valueTooLong(tag: e.tag, vr: e.vr, bytes: value.count) }
                let n = UInt16(value.count)
                out.append(contentsOf: encoding.bigEndian ? [UInt8(n >> 8), UInt8(n & 0xFF)] : [UInt8(n & 0xFF), UInt8(n >> 8)])
            }
        } else {
            append32(UInt32(value.count), bigEndian: false, into: &out)
        }
        out.append(contentsOf: value)
    }

    /// Byte width of the numbers a binary VR holds (1 for text and byte VRs).
    static func swapWidth(_ vr: DICOMVR) -> Int {
        switch vr {
        case .US, .SS, .OW, .AT: return 2
        case .UL, .SL, .FL, DICOMVR("OF")!, DICOMVR("OL")!: return 4
        case .FD, DICOMVR("OD")!, DICOMVR("SV")!, DICOMVR("UV")!, DICOMVR("OV")!: return 8
        default: return 1
        }
    }

    private func appendTag(_ t: DICOMTag, bigEndian: Bool, into out: inout [UInt8]) {
        for v in [t.group, t.element] {
            out.append(contentsOf: bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)])
        }
    }

    private func append32(_ v: UInt32, bigEndian: Bool, into out: inout [UInt8]) {
        out.append(contentsOf: bigEndian ? le32(v).reversed() : le32(v))
    }

    private func le32(_ v: UInt32) -> [UInt8] {
        [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }
}
