import Foundation

/// Finds a shipped model file (e.g. `segmentation.h5`) without Python or environment magic.
/// Search order: the explicit directory (`--model-dir`), then `Models/` beside the executable and
/// in each of its first four ancestor folders (a release build lives at
/// `<package>/.build/<triple>/release/myoflow`), then the package's own `Models/` (source checkout,
/// located from this file's compile-time path). The first existing file wins.
public enum ModelLocator {
    /// Candidate paths in search order (existing or not), for errors and tests.
    public static func candidates(name: String, modelDirectory: String? = nil,
                                  executable: String = CommandLine.arguments.first ?? "") -> [String] {
        var dirs: [URL] = []
        if let modelDirectory { dirs.append(URL(fileURLWithPath: modelDirectory)) }
        if !executable.isEmpty {
            var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<5 {
                dirs.append(dir.appendingPathComponent("Models"))
                dir = dir.deletingLastPathComponent()
            }
        }
        // Sources/Preprocessing/ModelLocator.swift → package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        dirs.append(root.appendingPathComponent("Models"))
        var seen = Set<String>()
        return dirs.map { $0.appendingPathComponent(name).standardizedFileURL.path }.filter { seen.insert($0).inserted }
    }

    /// The path of model `name`; with an explicit directory only that directory is searched (a
    /// wrong `--model-dir` is an error, not a silent fallback to another model).
    public static func locate(name: String, modelDirectory: String? = nil,
                              executable: String = CommandLine.arguments.first ?? "") throws -> String {
        let paths = modelDirectory.map { [URL(fileURLWithPath: $0).appendingPathComponent(name).standardizedFileURL.path] }
            ?? candidates(name: name, executable: executable)
        guard let found = paths.first(where: { FileManager.default.isReadableFile(atPath: $0) }) else {
            throw PreprocessingError.modelMissing(name: name, searched: paths)
        }
        return found
    }
}
