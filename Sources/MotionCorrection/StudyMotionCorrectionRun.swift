import Foundation
import MyoFlowCore
import Preprocessing

/// The `myoflow moco` workflow on a study: every slice and the AIF series corrected in a window
/// around its LV (`LVCentredMotionCorrection`; `DeepMotionCorrection` for the deep method), QA
/// against "No MoCo", output folder (`MocoOutput`).
///
/// A user-given LV centre (`lvCentre`, `--lv-centre ROW,COL`; native pixels of the high-res
/// slices) centres every slice's window and replaces its blood-pool search; it must lie inside
/// each slice. The AIF series gets the same point mapped through the DICOM geometry
/// (`GivenLVCentre.mapped`); where that is not possible (planes more than 30° apart, or the point
/// falls outside the AIF image) the AIF series keeps automatic LV detection, with a warning.
public enum MotionCorrectionRun {
    /// Everything one run produced.
    public struct Summary: Sendable {
        public var entries: [MocoOutput.Entry]
        public var qa: [MocoQARow]
        /// Per-series warnings, prefixed with the series name.
        public var warnings: [String]
    }

    /// Corrects every series of `study` with the deep method (`DeepMotionCorrection`: its
    /// window and PCA region around each series' LV; the configuration's region is replaced).
    public static func deep(_ study: PerfusionStudy, models: DeepMotionCorrection,
                            configuration: MotionCorrectionConfiguration = MotionCorrectionConfiguration(),
                            lvCentre: PixelPosition? = nil,
                            progress: any ProgressSink = SilentProgress()) throws -> Summary {
        try run(study, lvCentre: lvCentre) { series, centre in
            try models.correct(series, lvCentre: centre, configuration: configuration, progress: progress)
        }
    }

    /// Corrects every series of `study` with the iterative baseline (configuration as given; its
    /// region is replaced by the LV window).
    public static func iterative(_ study: PerfusionStudy, configuration: MotionCorrectionConfiguration = MotionCorrectionConfiguration(),
                                 sideMm: Double = LVCentredMotionCorrection.defaultSideMm, lvCentre: PixelPosition? = nil,
                                 progress: any ProgressSink = SilentProgress()) throws -> Summary {
        var configured = configuration
        configured.region = nil
        let corrector = IterativeMotionCorrection.corrector(configuration: configured)
        return try correct(study, sideMm: sideMm, lvCentre: lvCentre, progress: progress) { _ in corrector }
    }

    /// Corrects every series of `study` with the corrector `make` builds for each window.
    public static func correct(_ study: PerfusionStudy, sideMm: Double = LVCentredMotionCorrection.defaultSideMm,
                               lvCentre: PixelPosition? = nil, progress: any ProgressSink = SilentProgress(),
                               corrector make: (MocoCrop) -> any MotionCorrector) throws -> Summary {
        try run(study, lvCentre: lvCentre) { series, centre in
            try LVCentredMotionCorrection.correct(series, sideMm: sideMm, lvCentre: centre, progress: progress) { crop, _ in make(crop) }
        }
    }

    /// Every slice and the AIF series through `correct` (with each series' given LV centre, nil
    /// for automatic detection), with QA rows and named warnings.
    private static func run(_ study: PerfusionStudy, lvCentre: PixelPosition?,
                            _ correct: (ImageSeries, PixelPosition?) throws -> LVCentredResult) throws -> Summary {
        let series = study.slices + (study.aif.map { [$0] } ?? [])
        let names = MocoOutput.names(slices: study.slices.count, hasAIF: study.aif != nil)
        var centres: [PixelPosition?] = []
        var notes: [[String]] = []
        for (index, s) in series.enumerated() {
            guard let given = lvCentre else { centres.append(nil); notes.append([]); continue }
            if index < study.slices.count {
                try GivenLVCentre.check(given, in: s)
                centres.append(given)
                notes.append([])
            } else {
                let (mapped, note) = GivenLVCentre.mappedWithNote(given, from: study.slices[0].geometry, to: s)
                centres.append(mapped)
                notes.append([note])
            }
        }
        var entries: [MocoOutput.Entry] = [], qa: [MocoQARow] = [], warnings: [String] = []
        for (index, (name, s)) in zip(names, series).enumerated() {
            var result = try correct(s, centres[index])
            result.warnings = notes[index] + result.warnings
            // A given centre skips the blood-pool search; the QA's TIC region still needs the LV pool.
            if result.pools == nil, let centre = centres[index] { result.pools = try? BloodPoolLocator(lvCentre: centre).locate(s) }
            entries.append(MocoOutput.Entry(name: name, result: result))
            qa += try MocoQA.rows(name: name, result: result)
            warnings += result.warnings.map { "\(name): \($0)" }
        }
        return Summary(entries: entries, qa: qa, warnings: warnings)
    }

    /// Writes `outFolder/moco` (atomically) and returns its path.
    @discardableResult
    public static func write(_ summary: Summary, to outFolder: String) throws -> String {
        let folder = (outFolder as NSString).appendingPathComponent("moco")
        try MocoOutput.write(summary.entries, qa: summary.qa, to: folder)
        return folder
    }
}
