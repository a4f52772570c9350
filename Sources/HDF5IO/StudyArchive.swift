import Foundation
import MyoFlowCore

/// The `myoflow` native study format: one HDF5 file, one group per series
/// (`/slices/slice_1` … base → apex, `/aif` when present). Layout in docs/formats.md.
public enum StudyArchive {
    public static let formatName = "myoflow-study"
    public static let formatVersion = 1

    /// Writes a study atomically (temporary file, then rename).
    public static func write(_ study: PerfusionStudy, to path: String) throws {
        try AtomicOutput.write(to: path) { temporary in
            let file = try HDF5File(path: temporary, mode: .truncate)
            try file.setAttribute("format", formatName)
            try file.setAttribute("format_version", formatVersion)
            try file.setAttribute("study_instance_uid", study.studyInstanceUID)
            try file.setAttribute("haematocrit", study.parameters.haematocrit)
            if let v = study.parameters.fieldStrengthT { try file.setAttribute("field_strength_t", v) }
            if let v = study.parameters.doseMmolPerKg { try file.setAttribute("dose_mmol_per_kg", v) }
            if let v = study.parameters.stressState { try file.setAttribute("stress_state", v) }
            try file.setAttribute("provenance", String(decoding: try JSONEncoder().encode(study.provenance), as: UTF8.self))
            if let ids = study.identifiers {
                try file.setAttribute("identifiers", String(decoding: try JSONEncoder().encode(ids), as: UTF8.self))
            }
            let slices = try file.createGroup("slices")
            for (k, series) in study.slices.enumerated() {
                try writeSeries(series, into: try slices.createGroup("slice_\(k + 1)"))
            }
            if let aif = study.aif { try writeSeries(aif, into: try file.createGroup("aif")) }
            try file.flush()
        }
    }

    /// Reads a study written by `write`.
    public static func read(path: String) throws -> PerfusionStudy {
        let file = try HDF5File(path: path, mode: .read)
        guard file.hasAttribute("format"), try file.stringAttribute("format") == formatName else {
            throw HDF5Error.wrongType(path: path, name: "/", expected: "a myoflow study (attribute format=\(formatName))")
        }
        let version = try file.intAttribute("format_version")
        guard version <= formatVersion else {
            throw HDF5Error.wrongType(path: path, name: "/", expected: "format_version ≤ \(formatVersion) (file has \(version); update myoflow)")
        }
        var parameters = StudyParameters(haematocrit: try file.doubleAttribute("haematocrit"))
        if file.hasAttribute("field_strength_t") { parameters.fieldStrengthT = try file.doubleAttribute("field_strength_t") }
        if file.hasAttribute("dose_mmol_per_kg") { parameters.doseMmolPerKg = try file.doubleAttribute("dose_mmol_per_kg") }
        if file.hasAttribute("stress_state") { parameters.stressState = try file.stringAttribute("stress_state") }
        let provenance = try JSONDecoder().decode(Provenance.self, from: Data(try file.stringAttribute("provenance").utf8))
        var identifiers: PatientIdentifiers?
        if file.hasAttribute("identifiers") {
            identifiers = try JSONDecoder().decode(PatientIdentifiers.self, from: Data(try file.stringAttribute("identifiers").utf8))
        }
        let slicesGroup = try file.openGroup("slices")
        let count = slicesGroup.memberNames().filter { $0.hasPrefix("slice_") }.count
        guard count > 0 else { throw HDF5Error.missingObject(path: path, name: "/slices/slice_1") }
        let slices = try (1...count).map { try readSeries(try slicesGroup.openGroup("slice_\($0)")) }
        let aif = file.contains("aif") ? try readSeries(try file.openGroup("aif")) : nil
        return try PerfusionStudy(slices: slices, aif: aif, parameters: parameters, provenance: provenance,
                                  studyInstanceUID: try file.stringAttribute("study_instance_uid"), identifiers: identifiers)
    }

    static func writeSeries(_ s: ImageSeries, into group: HDF5Group) throws {
        try group.write("pixels", values: s.pixels, shape: [s.frames, s.rows, s.columns], compress: true)
        try group.write("times_s", values: s.timesSeconds, shape: [s.frames])
        try group.write("pd_frames", values: s.pdFrameIndices.map(Int64.init), shape: [s.pdFrameIndices.count])
        try group.setAttribute("series_instance_uid", s.seriesInstanceUID)
        try group.setAttribute("series_description", s.seriesDescription)
        let g = s.geometry
        try group.setAttribute("position_mm", [g.position.x, g.position.y, g.position.z])
        try group.setAttribute("row_direction", [g.rowDirection.x, g.rowDirection.y, g.rowDirection.z])
        try group.setAttribute("column_direction", [g.columnDirection.x, g.columnDirection.y, g.columnDirection.z])
        try group.setAttribute("pixel_spacing_mm", [g.spacing.rowMm, g.spacing.columnMm])
        try group.setAttribute("slice_thickness_mm", g.sliceThicknessMm)
        let q = s.sequence
        let optional: [(String, Double?)] = [
            ("saturation_time_ms", q.saturationTimeMs), ("repetition_time_ms", q.repetitionTimeMs),
            ("echo_time_ms", q.echoTimeMs), ("flip_angle_deg", q.flipAngleDeg), ("pd_flip_angle_deg", q.pdFlipAngleDeg),
        ]
        for (name, value) in optional { if let value { try group.setAttribute(name, value) } }
        if let lines = q.linesToCentre { try group.setAttribute("lines_to_centre", lines) }
    }

    static func readSeries(_ group: HDF5Group) throws -> ImageSeries {
        let pixels: HDF5Array<Float> = try group.read("pixels")
        guard pixels.shape.count == 3 else {
            throw HDF5Error.wrongShape(path: group.filePath, name: "\(group.groupPath)/pixels", expected: "frames×rows×columns", got: pixels.shape)
        }
        let frames = pixels.shape[0]
        let times = try group.read("times_s", as: Double.self, shape: [frames])
        let pd: HDF5Array<Int64> = try group.read("pd_frames")
        func vector(_ name: String) throws -> SIMD3<Double> {
            let v = try group.numericAttribute(name, as: Double.self)
            guard v.count == 3 else {
                throw HDF5Error.wrongShape(path: group.filePath, name: "\(group.groupPath)@\(name)", expected: "3", got: [v.count])
            }
            return SIMD3(v[0], v[1], v[2])
        }
        func optional(_ name: String) throws -> Double? { group.hasAttribute(name) ? try group.doubleAttribute(name) : nil }
        let spacing = try group.numericAttribute("pixel_spacing_mm", as: Double.self)
        guard spacing.count == 2 else {
            throw HDF5Error.wrongShape(path: group.filePath, name: "\(group.groupPath)@pixel_spacing_mm", expected: "2", got: [spacing.count])
        }
        let geometry = SliceGeometry(position: try vector("position_mm"), rowDirection: try vector("row_direction"),
                                     columnDirection: try vector("column_direction"),
                                     spacing: PixelSpacing(rowMm: spacing[0], columnMm: spacing[1]),
                                     sliceThicknessMm: try group.doubleAttribute("slice_thickness_mm"))
        let sequence = SequenceParameters(
            saturationTimeMs: try optional("saturation_time_ms"), repetitionTimeMs: try optional("repetition_time_ms"),
            echoTimeMs: try optional("echo_time_ms"), flipAngleDeg: try optional("flip_angle_deg"),
            pdFlipAngleDeg: try optional("pd_flip_angle_deg"),
            linesToCentre: group.hasAttribute("lines_to_centre") ? try group.intAttribute("lines_to_centre") : nil)
        do {
            return try ImageSeries(frames: frames, rows: pixels.shape[1], columns: pixels.shape[2], pixels: pixels.values,
                                   geometry: geometry, timesSeconds: times, pdFrameIndices: pd.values.map { Int($0) },
                                   sequence: sequence, seriesInstanceUID: try group.stringAttribute("series_instance_uid"),
                                   seriesDescription: try group.stringAttribute("series_description"))
        } catch let error as CoreError {
            throw HDF5Error.wrongType(path: group.filePath, name: group.groupPath, expected: "a valid series (\(error))")
        }
    }
}
