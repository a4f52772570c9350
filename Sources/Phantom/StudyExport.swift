import Foundation
import HDF5IO

/// Writes a synthetic study folder: the study (`study.h5` in the native format, or `dicom/` with
/// one classic MR Image Storage file per frame), `ground_truth.h5`, and optionally `preview.png`.
public enum StudyExport {
    public enum Format: String, Sendable, CaseIterable { case h5, dicom }

    /// Writes the study to `directory` (created if missing). Returns the paths written.
    @discardableResult
    public static func write(_ study: SyntheticStudy, to directory: String, format: Format = .h5, preview: Bool = false) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PhantomError.writeFailed(path: directory, detail: "cannot create the folder: \(error.localizedDescription)")
        }
        let truthPath = directory + "/ground_truth.h5"
        let studyPath: String
        switch format {
        case .h5:
            studyPath = directory + "/study.h5"
            try StudyArchive.write(study.study, to: studyPath)
        case .dicom:
            studyPath = directory + "/dicom"
            try DICOMExport.write(study, to: studyPath)
        }
        try GroundTruthArchive.write(study, to: truthPath)
        var written = [studyPath, truthPath]
        if preview {
            let png = directory + "/preview.png"
            try PreviewMontage.write(study, to: png)
            written.append(png)
        }
        return written
    }
}
