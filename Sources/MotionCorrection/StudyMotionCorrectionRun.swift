import Foundation
import MyoFlowCore

/// The `myoflow moco` workflow on a study: every slice and the AIF series corrected in a window
/// around its LV (`LVCentredMotionCorrection`; `DeepMotionCorrection` for the deep method), QA
/// against "No MoCo", output folder (`MocoOutput`).
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
                            progress: any ProgressSink = SilentProgress()) throws -> Summary {
        try run(study) { series in try models.correct(series, configuration: configuration, progress: progress) }
    }

    /// Corrects every series of `study` with the iterative baseline (configuration as given; its
    /// region is replaced by the LV window).
    public static func iterative(_ study: PerfusionStudy, configuration: MotionCorrectionConfiguration = MotionCorrectionConfiguration(),
                                 sideMm: Double = LVCentredMotionCorrection.defaultSideMm,
                                 progress: any ProgressSink = SilentProgress()) throws -> Summary {
        var configured = configuration
        configured.region = nil
        let corrector = IterativeMotionCorrection.corrector(configuration: configured)
        return try correct(study, sideMm: sideMm, progress: progress) { _ in corrector }
    }

    /// Corrects every series of `study` with the corrector `make` builds for each window.
    public static func correct(_ study: PerfusionStudy, sideMm: Double = LVCentredMotionCorrection.defaultSideMm,
                               progress: any ProgressSink = SilentProgress(),
                               corrector make: (MocoCrop) -> any MotionCorrector) throws -> Summary {
        try run(study) { series in try LVCentredMotionCorrection.correct(series, sideMm: sideMm, progress: progress, corrector: make) }
    }

    /// Every slice and the AIF series through `correct`, with QA rows and named warnings.
    private static func run(_ study: PerfusionStudy, _ correct: (ImageSeries) throws -> LVCentredResult) throws -> Summary {
        let series = study.slices + (study.aif.map { [$0] } ?? [])
        let names = MocoOutput.names(slices: study.slices.count, hasAIF: study.aif != nil)
        var entries: [MocoOutput.Entry] = [], qa: [MocoQARow] = [], warnings: [String] = []
        for (name, s) in zip(names, series) {
            let result = try correct(s)
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
