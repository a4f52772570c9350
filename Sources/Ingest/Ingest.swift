import DICOM
import Foundation
import MyoFlowCore
import NIfTI

/// The ingest stage: a DICOM folder (or file), a NIfTI series or a myoflow .h5 study in, a
/// `PerfusionStudy` out.
///
/// `inspect` reports what was found and decided without requiring a usable study; `load` also
/// builds the study and throws a precise `IngestError` when it cannot.
public enum Ingest {
    /// The study and the report of how it was built.
    public struct Result: Sendable {
        public var study: PerfusionStudy
        public var report: IngestReport
    }

    /// Scans, groups and classifies; never throws on file content (only on a missing path or an
    /// override that names no series).
    public static func inspect(path: String, overrides: IngestOverrides = IngestOverrides()) throws -> IngestReport {
        try analyse(path: path, overrides: overrides).report
    }

    /// Builds the study. Throws when no usable study can be built, naming why.
    public static func load(path: String, overrides: IngestOverrides = IngestOverrides(), progress: ProgressSink = SilentProgress()) throws -> Result {
        let start = Date()
        let analysis = try analyse(path: path, overrides: overrides)
        progress.finish(stage: "ingest", seconds: Date().timeIntervalSince(start))
        guard let study = analysis.study else {
            throw analysis.failure ?? IngestError.noUsableSeries(path: path, detail: "see `myoflow inspect`")
        }
        return Result(study: study, report: analysis.report)
    }

    struct Analysis {
        var report: IngestReport
        var study: PerfusionStudy?
        var failure: IngestError?
    }

    static func analyse(path: String, overrides: IngestOverrides) throws -> Analysis {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw IngestError.pathNotFound(path) }
        let lower = path.lowercased()
        if !isDirectory.boolValue, lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") {
            return try analyseNIfTI(path: path, overrides: overrides)
        }
        if !isDirectory.boolValue, lower.hasSuffix(".h5") {
            return try analyseArchive(path: path, overrides: overrides)
        }
        return try analyseDICOM(path: path, overrides: overrides)
    }

    static func analyseDICOM(path: String, overrides: IngestOverrides) throws -> Analysis {
        let scan = try DICOMScan.scan(path: path)
        let grouped = SeriesGrouping.group(scan.frames)
        var warnings = scan.warnings + grouped.warnings
        let groups = grouped.groups
        let classification = try SeriesClassifier.classify(groups, overrides: overrides)
        warnings += classification.warnings
        var decisions = grouped.decisions.map { Provenance.Entry(stage: "ingest", key: $0.key, value: $0.value) } + classification.decisions
        var built: StudyBuilder.Output?
        var failure: IngestError?
        if scan.frames.isEmpty {
            failure = .noImages(path: path, skipped: scan.filesSkipped)
        } else if groups.isEmpty {
            failure = .noUsableSeries(path: path, detail: "\(scan.frames.count) image(s) read but no series has usable frame times (see the warnings of `myoflow inspect`)")
        } else {
            let b = StudyBuilder.build(groups: groups, classification: classification, studyInstanceUID: grouped.studyInstanceUID,
                                       overrides: overrides, path: path)
            warnings += b.warnings
            decisions += b.decisions
            failure = b.failure
            // The study's provenance holds every decision: grouping, classification, parameters.
            var output = b
            output.study?.provenance = Provenance(
                entries: [Provenance.Entry(stage: "ingest", key: "study-uid", value: grouped.studyInstanceUID)] + decisions
                    + (overrides.keepIdentifiers ? [Provenance.Entry(stage: "ingest", key: "identifiers", value: "kept (--keep-identifiers)", overridden: true)] : []))
            built = output
        }
        let axis = sliceAxis(groups, order: classification.sliceOrder)
        let rows: [IngestReport.SeriesRow] = groups.enumerated().map { i, g in
            let pd = classification.pdFrames[i]
            let pdSet = Set(pd)
            let dynamicTimes = g.timesSeconds.indices.filter { !pdSet.contains($0) }.map { g.timesSeconds[$0] }
            let sequence = built?.sequences[i]
            return IngestReport.SeriesRow(
                index: i, seriesNumber: g.seriesNumber, seriesInstanceUID: g.seriesInstanceUID, seriesDescription: g.seriesDescription,
                role: roleText(classification.roles[i], count: classification.sliceOrder.count), rows: g.rows, columns: g.columns,
                pixelSpacingMm: g.pixelSpacing.map { [$0.rowMm, $0.columnMm] }, frames: g.frames.count,
                timeSpanSeconds: (g.timesSeconds.last ?? 0) - (g.timesSeconds.first ?? 0),
                medianRRSeconds: medianInterval(dynamicTimes), pdFrames: pd, pdMethod: classification.pdMethods[i],
                saturationTimeMs: sequence?.saturationTimeMs ?? g.median({ $0.inversionTimeMs }),
                flipAngleDeg: sequence?.flipAngleDeg ?? g.median({ $0.flipAngleDeg }),
                locationMm: axis.flatMap { a in g.frames.first?.position.map { ($0 * a).sum() } },
                timeSource: g.timeSource.rawValue, transferSyntax: g.frames.first?.transferSyntax.description ?? "",
                multiFrame: (g.frames.first?.framesInFile ?? 1) > 1)
        }
        let report = IngestReport(path: path, format: "DICOM", studyInstanceUID: grouped.studyInstanceUID, filesScanned: scan.filesScanned,
                                  filesSkipped: scan.filesSkipped, series: rows, sliceOrder: classification.sliceOrder,
                                  aifSeries: classification.aifIndex, fieldStrengthT: built?.fieldStrengthT, decisions: decisions, warnings: warnings)
        return Analysis(report: report, study: built?.study, failure: failure)
    }

    static func analyseNIfTI(path: String, overrides: IngestOverrides) throws -> Analysis {
        let image = try NIfTIImage.read(path: path)
        var series = try image.imageSeries(path: path, frameIntervalSeconds: overrides.frameIntervalSeconds)
        var decisions: [Provenance.Entry] = []
        var warnings: [IngestWarning] = []
        decisions.append(Provenance.Entry(stage: "ingest", key: "time-source", value: overrides.frameIntervalSeconds != nil
            ? "uniform \(overrides.frameIntervalSeconds!) s (user override)" : "uniform \(image.timeStepSeconds ?? 1) s from pixdim[4]",
            overridden: overrides.frameIntervalSeconds != nil))
        warnings.append(IngestWarning(file: path, message: "NIfTI has no per-frame times: frames assumed equally spaced"))
        let pd: [Int]
        let method: String
        if let forced = overrides.pdFrames {
            guard forced.allSatisfy({ $0 < series.frames }), forced.count <= series.frames - 2 else {
                throw IngestError.invalidOverride(option: "--pd-frames", detail: "frames \(forced) do not fit \(series.frames) frames")
            }
            (pd, method) = (forced, "user override")
        } else {
            let means = (0..<series.frames).map { f -> Double in
                let start = f * series.pixelsPerFrame
                return series.pixels[start..<start + series.pixelsPerFrame].reduce(0.0) { $0 + Double($1) } / Double(series.pixelsPerFrame)
            }
            (pd, method) = SeriesClassifier.detectPD(means: means, flips: Array(repeating: nil, count: series.frames))
        }
        series.pdFrameIndices = pd
        decisions.append(Provenance.Entry(stage: "ingest", key: "pd-frames", value: "\(pd) (\(method))", overridden: overrides.pdFrames != nil))
        series.sequence = SequenceParameters(saturationTimeMs: overrides.saturationTimeMs, repetitionTimeMs: overrides.repetitionTimeMs,
                                             echoTimeMs: overrides.echoTimeMs, flipAngleDeg: overrides.flipAngleDeg, pdFlipAngleDeg: overrides.pdFlipAngleDeg)
        if overrides.saturationTimeMs == nil {
            warnings.append(IngestWarning(file: path, message: "saturation time unknown (NIfTI has no sequence parameters): pass --saturation-time-ms"))
        }
        let study = try PerfusionStudy(slices: [series], parameters: StudyParameters(fieldStrengthT: overrides.fieldStrengthT),
                                       provenance: Provenance(entries: decisions), studyInstanceUID: "")
        let row = IngestReport.SeriesRow(
            index: 0, seriesNumber: nil, seriesInstanceUID: "", seriesDescription: series.seriesDescription, role: "slice 0",
            rows: series.rows, columns: series.columns, pixelSpacingMm: [series.geometry.spacing.rowMm, series.geometry.spacing.columnMm],
            frames: series.frames, timeSpanSeconds: series.timesSeconds.last ?? 0, medianRRSeconds: series.medianFrameIntervalSeconds,
            pdFrames: pd, pdMethod: method, saturationTimeMs: overrides.saturationTimeMs, flipAngleDeg: overrides.flipAngleDeg,
            locationMm: nil, timeSource: TimeSource.niftiTimeStep.rawValue, transferSyntax: "NIfTI-1", multiFrame: true)
        let report = IngestReport(path: path, format: "NIfTI", studyInstanceUID: "", filesScanned: 1, filesSkipped: 0, series: [row],
                                  sliceOrder: [0], aifSeries: nil, fieldStrengthT: overrides.fieldStrengthT, decisions: decisions, warnings: warnings)
        return Analysis(report: report, study: study, failure: nil)
    }

    static func roleText(_ role: SeriesClassification.Role, count: Int) -> String {
        switch role {
        case let .slice(level):
            return "slice \(level)" + (count > 1 && level == 0 ? " (base)" : (count > 1 && level == count - 1 ? " (apex)" : ""))
        case .aif: return "AIF"
        case let .ignored(reason): return "ignored: \(reason)"
        }
    }

    static func sliceAxis(_ groups: [SeriesGroup], order: [Int]) -> SIMD3<Double>? {
        guard let first = order.first, let n = groups[first].normal else { return nil }
        return (n * SeriesClassifier.apexwardLPS).sum() < 0 ? -n : n
    }

    static func medianInterval(_ times: [Double]) -> Double? {
        guard times.count >= 2 else { return nil }
        let d = zip(times.dropFirst(), times).map { $0 - $1 }.sorted()
        return d.count % 2 == 1 ? d[d.count / 2] : 0.5 * (d[d.count / 2 - 1] + d[d.count / 2])
    }
}
