import DICOM
import Foundation

/// Finds and parses every DICOM file under a folder (or one file), keeping the frames of
/// readable images and a warning for every file it skips. Never throws on file content.
public struct DICOMScan: Sendable {
    /// The folder (or file) scanned.
    public var root: String
    /// Every decoded frame, in path order.
    public var frames: [DICOMFrame]
    /// Files that were skipped, and why.
    public var warnings: [IngestWarning]
    /// Number of candidate files looked at.
    public var filesScanned: Int
    public var filesSkipped: Int

    /// Scans a folder tree (hidden files and DICOMDIR excluded) or a single file.
    /// Files are parsed concurrently; results are in sorted path order.
    public static func scan(path: String) throws -> DICOMScan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw IngestError.pathNotFound(path) }
        let files = isDirectory.boolValue ? listFiles(under: path) : [path]
        let rootPrefix = isDirectory.boolValue ? (path.hasSuffix("/") ? path : path + "/") : ""
        let results = ParallelMap.map(files) { file -> Result<[DICOMFrame], Error> in
            do {
                let parsed = try DICOMFile.read(path: file)
                return .success(try DICOMFrame.frames(of: parsed))
            } catch {
                return .failure(error)
            }
        }
        var frames: [DICOMFrame] = []
        var warnings: [IngestWarning] = []
        var skipped = 0
        for (file, result) in zip(files, results) {
            let relative = file.hasPrefix(rootPrefix) && !rootPrefix.isEmpty ? String(file.dropFirst(rootPrefix.count)) : file
            switch result {
            case let .success(fileFrames):
                frames.append(contentsOf: fileFrames.map { var f = $0; f.sourcePath = relative; return f })
            case let .failure(error):
                skipped += 1
                warnings.append(IngestWarning(file: relative, message: "skipped: " + DICOMScan.reason(error, path: file)))
            }
        }
        return DICOMScan(root: path, frames: frames, warnings: warnings, filesScanned: files.count, filesSkipped: skipped)
    }

    /// The error text without the absolute path the reader put in front (the warning names the file).
    static func reason(_ error: Error, path: String) -> String {
        var text = "\(error)"
        if text.hasPrefix(path + ": ") { text.removeFirst(path.count + 2) }
        return text
    }

    /// Regular files under a folder, sorted, skipping hidden entries and DICOMDIR.
    static func listFiles(under root: String) -> [String] {
        let url = URL(fileURLWithPath: root)
        guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        var out: [String] = []
        for case let item as URL in enumerator {
            guard (try? item.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let name = item.lastPathComponent
            if name.uppercased() == "DICOMDIR" { continue }
            let lower = name.lowercased()
            if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") || lower.hasSuffix(".h5") { continue }
            out.append(item.path)
        }
        return out.sorted()
    }
}

/// Order-preserving parallel map over an array (DispatchQueue.concurrentPerform), for file parsing.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ input: [T], _ body: @Sendable (T) -> R) -> [R] {
        guard input.count > 1 else { return input.map(body) }
        let box = ResultBox<R>(count: input.count)
        DispatchQueue.concurrentPerform(iterations: input.count) { i in
            box.set(i, body(input[i]))
        }
        return box.values()
    }
}

private final class ResultBox<R>: @unchecked Sendable {
    private var storage: [R?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { lock.lock(); storage[i] = value; lock.unlock() }
    func values() -> [R] { storage.compactMap { $0 } }
}
