import Foundation
import MyoFlowCore

/// The `myoflow moco` workflow on a study: every slice and the AIF series corrected in a window
/// around its LV (`LVCentredMotionCorrection`), QA against "No MoCo", output folder
/// (`MocoOutput`).
public enum MotionCorrectionRun {
    /// Files the deep method needs under the models folder (GlobalNet ×2, LocalNet).
    public static let deepModelFiles = ["affine1.h5", "affine2.h5", "nonrigid.h5"]

    /// Everything one run produced.
    public struct Summary: Sendable {
        public var entries: [MocoOutput.Entry]
        public var qa: [MocoQARow]
        /// Per-series warnings, prefixed with the series name.
        public var warnings: [String]
    }

    /// Throws `modelsMissing` naming the deep method's network files absent from `folder`; this
    /// build has no network estimators, so it throws even when all are present.
    public static func requireDeepModels(in folder: String = "Models") throws {
        let missing = deepModelFiles.filter { !FileManager.default.fileExists(atPath: "\(folder)/\($0)") }
        throw MotionCorrectionError.modelsMissing(folder: folder, files: missing.isEmpty ? deepModelFiles : missing)
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
        let series = study.slices + (study.aif.map { [$0] } ?? [])
        let names = MocoOutput.names(slices: study.slices.count, hasAIF: study.aif != nil)
        var entries: [MocoOutput.Entry] = [], qa: [MocoQARow] = [], warnings: [String] = []
        for (name, s) in zip(names, series) {
            let result = try LVCentredMotionCorrection.correct(s, sideMm: sideMm, progress: progress, corrector: make)
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
