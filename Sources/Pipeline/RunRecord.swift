import Foundation
import NeuralEngine
import Preprocessing

/// How a run was made, for the report and `provenance.json`: the anatomy finder, the trained
/// model files present (with SHA-256) and the command.
public struct RunRecord: Sendable {
    public struct ModelFile: Sendable, Codable { public var file: String; public var sha256: String }
    public var finder: String
    public var models: [ModelFile]
    public var command: String

    public init(finder: any SliceAnatomyFinder, modelsDirectory: String, command: String) {
        self.init(finderName: String(describing: type(of: finder)), modelsDirectory: modelsDirectory, command: command)
    }

    public init(finderName: String, modelsDirectory: String, command: String) {
        finder = finderName
        self.command = command
        let deepFolder = ModelAvailability.deepMotionCorrectionDirectory(for: modelsDirectory) ?? modelsDirectory
        let files = ModelAvailability.deepMotionCorrectionFiles.map { (deepFolder, $0) } + [(modelsDirectory, ModelAvailability.segmentationFile)]
        models = files.compactMap { folder, name in
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            var hash = SHA256()
            hash.update(data)
            return ModelFile(file: path, sha256: hash.finalize().map { String(format: "%02x", $0) }.joined())
        }
    }
}

