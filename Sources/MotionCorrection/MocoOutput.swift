import Foundation
import HDF5IO
import MyoFlowCore
import NIfTI

/// Writes the `moco/` folder of `myoflow moco` (docs/formats.md, "Motion correction output"),
/// atomically: the folder appears under its name only when every file is written.
public enum MocoOutput {
    public static let formatName = "myoflow-moco"
    public static let formatVersion = 1

    /// One corrected series and its file stem ("slice_1", …, "slice_aif").
    public struct Entry: Sendable {
        public var name: String
        public var result: LVCentredResult
        public init(name: String, result: LVCentredResult) { self.name = name; self.result = result }
    }

    /// The file stems of a study's series: slice_1…slice_n, then slice_aif.
    public static func names(slices: Int, hasAIF: Bool) -> [String] {
        (1...max(1, slices)).prefix(slices).map { "slice_\($0)" } + (hasAIF ? ["slice_aif"] : [])
    }

    /// Writes `folder` (e.g. OUT/moco), replacing an existing one.
    public static func write(_ entries: [Entry], qa: [MocoQARow], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: (folder as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicOutput.write(to: folder) { temporary in
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
            for entry in entries {
                try writeHDF5(entry, to: "\(temporary)/\(entry.name).h5")
                try NIfTIImage(series: entry.result.registration.corrected).write(to: "\(temporary)/\(entry.name)_corrected.nii.gz")
            }
            try Data(MocoQA.csv(qa).utf8).write(to: URL(fileURLWithPath: "\(temporary)/qa.csv"))
        }
    }

    /// One series' HDF5 file (layout in docs/formats.md).
    static func writeHDF5(_ entry: Entry, to path: String) throws {
        let reg = entry.result.registration
        let s = entry.result.series
        let frames = s.frames, n = s.pixelsPerFrame
        let file = try HDF5File(path: path, mode: .truncate)
        try file.setAttribute("format", formatName)
        try file.setAttribute("format_version", formatVersion)
        try file.setAttribute("method", reg.method.rawValue)
        try file.setAttribute("reference_frame", reg.referenceFrame)
        try file.setAttribute("series_instance_uid", s.seriesInstanceUID)
        try file.setAttribute("series_description", s.seriesDescription)
        try file.setAttribute("displacement_convention", "MONAI pull-back, pixels, component 0 = rows, 1 = columns: corrected[f](r, c) = original[f](r + u0, c + u1), bilinear, border padding")
        let c = entry.result.crop
        try file.setAttribute("region_rc", [c.row0, c.column0, c.rows, c.columns].map(Int64.init))
        if let centre = entry.result.pools?.lvCentre { try file.setAttribute("lv_centre_rc", [centre.row, centre.column]) }
        try file.setAttribute("stage_seconds", reg.stageSeconds.keys.sorted().map { "\($0)=\(String(format: "%.3f", reg.stageSeconds[$0]!))" }.joined(separator: ","))
        var displacement = [Float](repeating: 0, count: frames * 2 * n)
        for f in 0..<frames {
            displacement.replaceSubrange((2 * f * n)..<((2 * f + 1) * n), with: reg.fields[f].rowDisplacement)
            displacement.replaceSubrange(((2 * f + 1) * n)..<((2 * f + 2) * n), with: reg.fields[f].columnDisplacement)
        }
        try file.write("displacement", values: displacement, shape: [frames, 2, s.rows, s.columns], compress: true)
        try file.write("corrected", values: reg.corrected.pixels, shape: [frames, s.rows, s.columns], compress: true)
        try file.write("affine", values: reg.affines.flatMap(\.theta), shape: [frames, 2, 3])
        let flagged = Set(reg.outliers.flaggedFrames)
        try file.write("outlier", values: (0..<frames).map { UInt8(flagged.contains($0) ? 1 : 0) }, shape: [frames])
        try file.write("excluded_frames", values: reg.excludedFrames.map(Int64.init), shape: [reg.excludedFrames.count])
        try file.write("times_s", values: s.timesSeconds, shape: [frames])
        try file.write("pd_frames", values: s.pdFrameIndices.map(Int64.init), shape: [s.pdFrameIndices.count])
        try file.flush()
    }
}
