import DICOM
import MyoFlowCore

/// Builds `ImageSeries` and the `PerfusionStudy` from classified slice groups, reading the
/// acquisition parameters from the headers unless overridden, and recording every choice.
public enum StudyBuilder {
    public struct Output: Sendable {
        public var study: PerfusionStudy?
        /// Per-group sequence parameters as they will be used (for the report).
        public var sequences: [SequenceParameters]
        public var fieldStrengthT: Double?
        public var decisions: [Provenance.Entry]
        public var warnings: [IngestWarning]
        /// Why no study could be built, when `study` is nil.
        public var failure: IngestError?
    }

    public static func build(groups: [SeriesGroup], classification c: SeriesClassification, studyInstanceUID: String,
                             overrides o: IngestOverrides, path: String) -> Output {
        var decisions: [Provenance.Entry] = []
        var warnings: [IngestWarning] = []
        func record(_ key: String, _ value: String, overridden: Bool = false) {
            decisions.append(Provenance.Entry(stage: "ingest", key: key, value: value, overridden: overridden))
        }

        // Common time origin: the first acquisition of any used series on the shared base.
        let used = c.sliceOrder + (c.aifIndex.map { [$0] } ?? [])
        let t0 = used.filter { groups[$0].timeSource != .triggerTime }.compactMap { groups[$0].timesSeconds.first }.min()

        var sequences = [SequenceParameters](repeating: SequenceParameters(), count: groups.count)
        for i in groups.indices {
            sequences[i] = parameters(groups[i], pd: c.pdFrames[i], isAIF: i == c.aifIndex, overrides: o, record: record, warnings: &warnings, report: !used.contains(i))
        }
        let field = o.fieldStrengthT ?? groups.flatMap(\.frames).compactMap(\.magneticFieldStrengthT).first
        if o.fieldStrengthT != nil {
            record("field-strength", "\(o.fieldStrengthT!) T (user override)", overridden: true)
        } else if let field {
            record("field-strength", "\(field) T from MagneticFieldStrength")
        } else {
            warnings.append(IngestWarning(message: "field strength unknown (no MagneticFieldStrength): pass --field-strength"))
        }

        var slices: [ImageSeries] = []
        var aif: ImageSeries?
        var failure: IngestError?
        for i in used {
            let g = groups[i]
            let origin = g.timeSource == .triggerTime ? (g.timesSeconds.first ?? 0) : (t0 ?? 0)
            do {
                let series = try imageSeries(g, times: g.timesSeconds.map { $0 - origin }, pd: c.pdFrames[i], sequence: sequences[i],
                                             overrides: o, warnings: &warnings, record: record)
                if i == c.aifIndex { aif = series } else { slices.append(series) }
                record("series", "\(g.label): \(g.seriesInstanceUID), \(g.frames.count) frames, times from \(g.timeSource.rawValue)")
            } catch {
                failure = IngestError.unreadableSeries(series: g.label, detail: "\(error)")
                warnings.append(IngestWarning(message: "\(g.label): cannot be used: \(error)"))
            }
        }
        guard failure == nil else {
            return Output(study: nil, sequences: sequences, fieldStrengthT: field, decisions: decisions, warnings: warnings, failure: failure)
        }
        guard !slices.isEmpty else {
            return Output(study: nil, sequences: sequences, fieldStrengthT: field, decisions: decisions, warnings: warnings,
                          failure: .noUsableSeries(path: path, detail: "no high-res slice series (see `myoflow inspect`; choose them with --slices)"))
        }
        var provenance = Provenance()
        provenance.record(stage: "ingest", key: "study-uid", value: studyInstanceUID)
        for d in decisions { provenance.entries.append(d) }
        var identifiers: PatientIdentifiers?
        if o.keepIdentifiers, let f = used.first.flatMap({ groups[$0].frames.first }) {
            identifiers = PatientIdentifiers(patientName: f.patientName, patientID: f.patientID, studyDate: f.studyDate)
            provenance.record(stage: "ingest", key: "identifiers", value: "kept (--keep-identifiers)", overridden: true)
        }
        let study = try? PerfusionStudy(slices: slices, aif: aif, parameters: StudyParameters(fieldStrengthT: field),
                                        provenance: provenance, studyInstanceUID: studyInstanceUID, identifiers: identifiers)
        return Output(study: study, sequences: sequences, fieldStrengthT: field, decisions: decisions, warnings: warnings, failure: nil)
    }

    static func parameters(_ g: SeriesGroup, pd: [Int], isAIF: Bool, overrides o: IngestOverrides,
                           record: (String, String, Bool) -> Void, warnings: inout [IngestWarning], report quiet: Bool) -> SequenceParameters {
        let pdSet = Set(pd)
        let dynamic = g.frames.indices.filter { !pdSet.contains($0) }
        var p = SequenceParameters()
        func pick(_ key: String, _ override: Double?, _ header: Double?, tag: String, option: String, needed: Bool) -> Double? {
            if let override {
                if !quiet { record(key, "\(g.label): \(override) (user override)", true) }
                return override
            }
            if let header {
                if !quiet { record(key, "\(g.label): \(header) from \(tag)", false) }
                return header
            }
            if needed && !quiet {
                warnings.append(IngestWarning(message: "\(g.label): \(key) unknown (no \(tag)): pass \(option)"))
            }
            return nil
        }
        p.saturationTimeMs = pick("saturation-time-ms", o.saturationTimeMs(aif: isAIF),
                                  g.median({ $0.inversionTimeMs }, frames: dynamic), tag: "InversionTime",
                                  option: isAIF ? "--aif-saturation-time-ms" : "--saturation-time-ms", needed: true)
        p.repetitionTimeMs = pick("repetition-time-ms", o.repetitionTimeMs, g.median({ $0.repetitionTimeMs }, frames: dynamic),
                                  tag: "RepetitionTime", option: "--repetition-time-ms", needed: false)
        p.echoTimeMs = pick("echo-time-ms", o.echoTimeMs, g.median({ $0.echoTimeMs }, frames: dynamic), tag: "EchoTime",
                            option: "--echo-time-ms", needed: false)
        p.flipAngleDeg = pick("flip-angle-deg", o.flipAngleDeg, g.median({ $0.flipAngleDeg }, frames: dynamic), tag: "FlipAngle",
                              option: "--flip-angle", needed: true)
        // PD frames of the high-res slices are read at a lower flip angle (≈5°) than the dynamic
        // frames, so an equal FlipAngle there means the header holds the nominal angle, not the PD
        // readout's: asked for rather than trusted (a wrong sin ratio scales every normalised
        // signal). The AIF series' PD frames use the AIF readout's flip angle (dual-sequence
        // protocols; physics-and-acquisition.md, acquisition table), so equality is expected there.
        let pdHeader = pd.isEmpty ? nil : g.median({ $0.flipAngleDeg }, frames: pd)
        p.pdFlipAngleDeg = pick("pd-flip-angle-deg", o.pdFlipAngleDeg(aif: isAIF),
                                pdHeader == p.flipAngleDeg && !isAIF ? nil : pdHeader, tag: "FlipAngle of the PD frames",
                                option: isAIF ? "--aif-pd-flip-angle" : "--pd-flip-angle", needed: !pd.isEmpty)
        return p
    }

    static func imageSeries(_ g: SeriesGroup, times: [Double], pd: [Int], sequence: SequenceParameters, overrides o: IngestOverrides,
                            warnings: inout [IngestWarning], record: (String, String, Bool) -> Void) throws -> ImageSeries {
        guard let first = g.frames.first else { throw IngestError.unreadableSeries(series: g.label, detail: "no frames") }
        var spacing = first.pixelSpacing
        if let mm = o.pixelSpacingMm {
            spacing = PixelSpacing(isotropicMm: mm)
            record("pixel-spacing", "\(g.label): \(mm) mm (user override)", true)
        } else if spacing == nil {
            throw IngestError.unreadableSeries(series: g.label, detail: "no PixelSpacing (0028,0030); pass --pixel-spacing-mm")
        }
        guard let spacing, spacing.isValid else { throw IngestError.invalidOverride(option: "--pixel-spacing-mm", detail: "must be positive") }
        var geometry = SliceGeometry(spacing: spacing, sliceThicknessMm: first.sliceThicknessMm ?? 8)
        if let r = first.rowDirection, let c = first.columnDirection { geometry.rowDirection = r; geometry.columnDirection = c } else {
            warnings.append(IngestWarning(message: "\(g.label): no ImageOrientationPatient; assuming an axial slice"))
        }
        if let p = first.position { geometry.position = p } else {
            warnings.append(IngestWarning(message: "\(g.label): no ImagePositionPatient; slice placed at the origin"))
        }
        let perFrame = g.rows * g.columns
        var pixels = [Float]()
        pixels.reserveCapacity(perFrame * g.frames.count)
        for f in g.frames { pixels.append(contentsOf: f.pixels) }
        let description = g.seriesDescription + (g.positionInSeries.map { " (position \($0))" } ?? "")
        return try ImageSeries(frames: g.frames.count, rows: g.rows, columns: g.columns, pixels: pixels, geometry: geometry,
                               timesSeconds: times, pdFrameIndices: pd, sequence: sequence,
                               seriesInstanceUID: g.seriesInstanceUID, seriesDescription: description)
    }
}
