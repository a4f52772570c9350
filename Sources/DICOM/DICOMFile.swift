import Foundation

/// A parsed DICOM file: file meta information (Part 10 group 0002, empty for raw data sets),
/// the main data set and its transfer syntax.
public struct DICOMFile: Sendable {
    /// Where the bytes came from (for messages).
    public var path: String
    public var meta: DICOMDataSet
    public var dataSet: DICOMDataSet
    public var transferSyntax: TransferSyntax
    /// Whether the file had the 128-byte preamble and "DICM" marker.
    public var isPart10: Bool

    public init(path: String, meta: DICOMDataSet, dataSet: DICOMDataSet, transferSyntax: TransferSyntax, isPart10: Bool) {
        self.path = path
        self.meta = meta
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.isPart10 = isPart10
    }

    /// Reads and parses a file. Throws `DICOMError` (never traps) on any malformed input.
    public static func read(path: String) throws -> DICOMFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw DICOMError.io(path: path, detail: error.localizedDescription)
        }
        return try parse(bytes: [UInt8](data), path: path)
    }

    /// Parses bytes already in memory. `path` only labels error messages.
    public static func parse(bytes: [UInt8], path: String = "<memory>") throws -> DICOMFile {
        try DICOMParser(bytes: bytes, path: path).parseFile()
    }
}
