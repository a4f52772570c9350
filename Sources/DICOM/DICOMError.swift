/// Why a DICOM file could not be read. Every message names the file and what is wrong.
public enum DICOMError: Error, Equatable, CustomStringConvertible {
    /// The file is empty.
    case emptyFile(path: String)
    /// Neither a Part 10 preamble nor a plausible raw data set.
    case notDICOM(path: String)
    /// The data ended inside an element header or value.
    case truncated(path: String, tag: DICOMTag?, offset: Int, detail: String)
    /// A length field or structure is inconsistent.
    case malformed(path: String, tag: DICOMTag?, offset: Int, detail: String)
    /// Pixel data in a transfer syntax this reader does not decode.
    case unsupportedTransferSyntax(path: String, syntax: TransferSyntax)
    /// A required attribute is absent or unreadable.
    case missingAttribute(path: String, tag: DICOMTag, name: String)
    /// The image pixel module describes something this reader does not handle.
    case unsupportedPixelFormat(path: String, detail: String)
    /// The file could not be read from disk.
    case io(path: String, detail: String)

    public var description: String {
        switch self {
        case let .emptyFile(path):
            return "\(path): empty file (0 bytes), not a DICOM file"
        case let .notDICOM(path):
            return "\(path): not a DICOM file (no 'DICM' marker at byte 128 and no recognisable data set)"
        case let .truncated(path, tag, offset, detail):
            return "\(path): truncated at byte \(offset)\(tag.map { " in element \($0)" } ?? ""): \(detail); the file may be incompletely copied, re-export it"
        case let .malformed(path, tag, offset, detail):
            return "\(path): malformed at byte \(offset)\(tag.map { " in element \($0)" } ?? ""): \(detail)"
        case let .unsupportedTransferSyntax(path, syntax):
            return "\(path): compressed or unsupported transfer syntax \(syntax); re-export uncompressed (explicit VR little endian), e.g. `dcmdjpeg` or `gdcmconv --raw`"
        case let .missingAttribute(path, tag, name):
            return "\(path): missing or unreadable \(name) \(tag)"
        case let .unsupportedPixelFormat(path, detail):
            return "\(path): unsupported pixel format: \(detail)"
        case let .io(path, detail):
            return "\(path): cannot read file: \(detail)"
        }
    }
}
