import Foundation
import MyoFlowCore

/// What ingest found and decided, for `myoflow inspect` (table or JSON). Contains no patient
/// identifiers; strings from input files are escaped when rendered.
public struct IngestReport: Sendable, Codable {
    public struct SeriesRow: Sendable, Codable {
        /// Index used by `--aif-series` / `--slices`.
        public var index: Int
        public var seriesNumber: Int?
        public var seriesInstanceUID: String
        public var seriesDescription: String
        /// "slice 0 (base)", "AIF", "ignored: …".
        public var role: String
        public var rows: Int
        public var columns: Int
        /// [row, column] spacing in mm.
        public var pixelSpacingMm: [Double]?
        public var frames: Int
        public var timeSpanSeconds: Double
        public var medianRRSeconds: Double?
        public var pdFrames: [Int]
        public var pdMethod: String
        public var saturationTimeMs: Double?
        public var flipAngleDeg: Double?
        /// Position of the slice along the stack axis (mm), when known.
        public var locationMm: Double?
        public var timeSource: String
        public var transferSyntax: String
        public var multiFrame: Bool
    }

    public var path: String
    /// "DICOM", "NIfTI".
    public var format: String
    public var studyInstanceUID: String
    public var filesScanned: Int
    public var filesSkipped: Int
    public var series: [SeriesRow]
    /// Series indices of the high-res slices, base → apex.
    public var sliceOrder: [Int]
    public var aifSeries: Int?
    public var fieldStrengthT: Double?
    public var decisions: [Provenance.Entry]
    public var warnings: [IngestWarning]

    /// Pretty-printed JSON (sorted keys).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A readable multi-line summary.
    public func table() -> String {
        var lines: [String] = []
        lines.append("\(IngestReport.escape(path)) (\(format)): study \(IngestReport.escape(studyInstanceUID))")
        lines.append("files: \(filesScanned) scanned, \(filesSkipped) skipped; field strength: \(fieldStrengthT.map { "\(IngestReport.fmt($0)) T" } ?? "unknown")")
        let header = ["#", "series", "description", "role", "matrix", "spacing mm", "frames", "span s", "RR s", "PD frames", "TS ms", "flip", "loc mm"]
        var rows: [[String]] = [header]
        for s in series {
            rows.append([
                String(s.index), s.seriesNumber.map(String.init) ?? "-", IngestReport.escape(String(s.seriesDescription.prefix(24))), s.role,
                "\(s.rows)×\(s.columns)", s.pixelSpacingMm.map { "\(IngestReport.fmt($0[0]))×\(IngestReport.fmt($0[1]))" } ?? "?",
                String(s.frames), IngestReport.fmt(s.timeSpanSeconds), s.medianRRSeconds.map { IngestReport.fmt($0) } ?? "-",
                s.pdFrames.isEmpty ? "none" : s.pdFrames.map(String.init).joined(separator: ","),
                s.saturationTimeMs.map { IngestReport.fmt($0) } ?? "?", s.flipAngleDeg.map { IngestReport.fmt($0) } ?? "?",
                s.locationMm.map { IngestReport.fmt($0) } ?? "-",
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            lines.append(r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        lines.append("slice order (base → apex): " + (sliceOrder.isEmpty ? "none" : sliceOrder.map { "#\($0)" }.joined(separator: ", ")))
        lines.append("AIF series: " + (aifSeries.map { "#\($0)" } ?? "none"))
        // Parameters read from headers are in the columns; list them only when overridden.
        let shown = decisions.filter { d in d.overridden || !["repetition-time-ms", "echo-time-ms", "flip-angle-deg", "pd-flip-angle-deg", "saturation-time-ms", "series"].contains(d.key) }
        if !shown.isEmpty {
            lines.append("decisions:")
            for d in shown { lines.append("  \(d.key): \(IngestReport.escape(d.value))\(d.overridden ? " [override]" : "")") }
        }
        if !warnings.isEmpty {
            lines.append("warnings (\(warnings.count)):")
            for w in warnings { lines.append("  " + IngestReport.escape(w.description)) }
        }
        return lines.joined(separator: "\n")
    }

    /// Replaces control characters (terminal escapes in crafted headers) with '?'.
    public static func escape(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }

    static func fmt(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e9 { return String(Int(v)) }
        return String(format: abs(v) >= 100 ? "%.1f" : "%.3g", v)
    }
}
