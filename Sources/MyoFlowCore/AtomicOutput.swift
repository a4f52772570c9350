import Foundation

/// Writes an output file or folder atomically: the body writes to a temporary path beside the
/// destination, which is renamed over the destination only when the body succeeds. On failure
/// the temporary path is removed, so no partial output is ever left under the final name.
public enum AtomicOutput {
    /// Runs `body` with a temporary path in the destination's folder, then renames it to `path`
    /// (replacing an existing file or folder of that name). Returns the body's result.
    @discardableResult
    public static func write<T>(to path: String, _ body: (_ temporaryPath: String) throws -> T) throws -> T {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        let fm = FileManager.default
        do {
            let result = try body(temporary.path)
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                // rename(2) cannot replace a non-empty folder: move the old one aside first.
                let old = directory.appendingPathComponent(".\(url.lastPathComponent).old-\(UUID().uuidString.prefix(8))")
                try fm.moveItem(at: url, to: old)
                try fm.moveItem(at: temporary, to: url)
                try? fm.removeItem(at: old)
            } else if rename(temporary.path, url.path) != 0 {  // atomic replacement of a file
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
            return result
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
    }
}
