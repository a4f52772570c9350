import Foundation
import Phantom

/// A small static phantom study written to a fresh temporary folder (`root/study/study.h5`, or
/// `root/study/dicom/` as DICOM series) for
/// the command tests; `remove()` deletes the folder.
struct ExportedPhantomStudy {
    let synthetic: SyntheticStudy
    let root: String
    let format: StudyExport.Format
    var path: String { root + (format == .dicom ? "/study/dicom" : "/study/study.h5") }

    init(seed: UInt64, name: String, dynamicFrames: Int = 30, format: StudyExport.Format = .h5) throws {
        self.format = format
        var spec = PhantomCase.staticReference.spec(seed: seed)
        spec.dynamicFrameCount = dynamicFrames
        synthetic = try StudySynthesizer.synthesize(spec)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        try StudyExport.write(synthetic, to: root + "/study", format: format)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
