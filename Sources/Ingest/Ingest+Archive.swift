import HDF5IO
import MyoFlowCore

extension Ingest {
    /// A myoflow native .h5 study: decisions were made when it was written, so only parameter,
    /// PD-frame and identifier overrides apply (series choice overrides are refused).
    static func analyseArchive(path: String, overrides o: IngestOverrides) throws -> Analysis {
        if o.slices != nil || o.aifSeries != nil {
            throw IngestError.invalidOverride(option: o.slices != nil ? "--slices" : "--aif-series",
                                              detail: "\(path) is a myoflow study archive whose series were chosen when it was written")
        }
        var study: PerfusionStudy
        do { study = try StudyArchive.read(path: path) } catch {
            throw IngestError.unsupportedInput(path: path, detail: "not a readable myoflow study: \(error)")
        }
        var decisions: [Provenance.Entry] = []
        func apply(_ series: inout ImageSeries, isAIF: Bool) throws {
            if let pd = o.pdFrames {
                guard pd.allSatisfy({ $0 < series.frames }), pd.count <= series.frames - 2 else {
                    throw IngestError.invalidOverride(option: "--pd-frames", detail: "frames \(pd) do not fit a series of \(series.frames) frames")
                }
                series.pdFrameIndices = pd
                decisions.append(Provenance.Entry(stage: "ingest", key: "pd-frames", value: "\(series.seriesInstanceUID): \(pd) (user override)", overridden: true))
            }
            if let ts = o.saturationTimeMs(aif: isAIF) { series.sequence.saturationTimeMs = ts }
            if let v = o.flipAngleDeg { series.sequence.flipAngleDeg = v }
            if let v = o.pdFlipAngleDeg(aif: isAIF) { series.sequence.pdFlipAngleDeg = v }
            if let v = o.repetitionTimeMs { series.sequence.repetitionTimeMs = v }
            if let v = o.echoTimeMs { series.sequence.echoTimeMs = v }
        }
        for i in study.slices.indices { try apply(&study.slices[i], isAIF: false) }
        if study.aif != nil { try apply(&study.aif!, isAIF: true) }
        if let v = o.fieldStrengthT {
            study.parameters.fieldStrengthT = v
            decisions.append(Provenance.Entry(stage: "ingest", key: "field-strength", value: "\(v) T (user override)", overridden: true))
        }
        if !o.keepIdentifiers { study.identifiers = nil }
        study.provenance.entries += decisions
        let all = study.slices + (study.aif.map { [$0] } ?? [])
        let rows = all.enumerated().map { i, s in
            IngestReport.SeriesRow(
                index: i, seriesNumber: nil, seriesInstanceUID: s.seriesInstanceUID, seriesDescription: s.seriesDescription,
                role: i < study.slices.count ? roleText(.slice(level: i), count: study.slices.count) : "AIF",
                rows: s.rows, columns: s.columns, pixelSpacingMm: [s.geometry.spacing.rowMm, s.geometry.spacing.columnMm],
                frames: s.frames, timeSpanSeconds: (s.timesSeconds.last ?? 0) - (s.timesSeconds.first ?? 0),
                medianRRSeconds: s.medianFrameIntervalSeconds, pdFrames: s.pdFrameIndices, pdMethod: "from archive",
                saturationTimeMs: s.sequence.saturationTimeMs, flipAngleDeg: s.sequence.flipAngleDeg, locationMm: nil,
                timeSource: TimeSource.archive.rawValue, transferSyntax: "HDF5", multiFrame: true)
        }
        let report = IngestReport(path: path, format: "myoflow study (HDF5)", studyInstanceUID: study.studyInstanceUID, filesScanned: 1,
                                  filesSkipped: 0, series: rows, sliceOrder: Array(study.slices.indices),
                                  aifSeries: study.aif == nil ? nil : study.slices.count, fieldStrengthT: study.parameters.fieldStrengthT,
                                  decisions: study.provenance.entries.filter { $0.stage == "ingest" }, warnings: [])
        return Analysis(report: report, study: study, failure: nil)
    }
}
