import Anatomy
import Foundation
import Ingest
import MotionCorrection
import MyoFlowCore
import Preprocessing
import Reporting

/// `myoflow compare`: the same study analysed without motion correction, with the deep method
/// (when available) and with the iterative baseline; `comparison.csv` and `compare.html`.
public enum CompareRunner {
    public struct Arm: Sendable {
        public var method: MotionCorrectionChoice
        public var result: AnalysisResult?
        /// Why the arm did not run (e.g. deep models missing).
        public var skipped: String?
    }

    /// Runs every arm on one ingested study. The deep arm is skipped (with the reason) when its
    /// models are unavailable; other failures are thrown.
    public static func run(input: AnalysisInput, options: AnalysisOptions = AnalysisOptions(), finder: any SliceAnatomyFinder,
                           progress: any ProgressSink = SilentProgress()) throws -> [Arm] {
        let study: PerfusionStudy
        switch input {
        case let .study(s): study = s
        case let .path(path, overrides): study = try Ingest.load(path: path, overrides: overrides, progress: progress).study
        }
        var arms: [Arm] = []
        for method in [MotionCorrectionChoice.none, .deep, .iterative] {
            var o = options
            o.motionCorrection = method
            do {
                arms.append(Arm(method: method, result: try AnalysisPipeline.run(input: .study(study), options: o, finder: finder, progress: progress)))
            } catch let error as PipelineError {
                guard case .deepMotionCorrectionUnavailable = error else { throw error }
                arms.append(Arm(method: method, result: nil, skipped: error.description))
            } catch let error as MotionCorrectionError where method == .deep {
                // An unusable model file (named in the error): the deep arm is skipped, not the comparison.
                guard case .modelInvalid = error else { throw error }
                arms.append(Arm(method: method, result: nil, skipped: error.description))
            }
        }
        return arms
    }

    /// comparison.csv: one row per method and segment with the MBF statistics and the seed's QA
    /// metrics of the segment's slice level (TIC smoothness, PD myocardial SD, outlier frames).
    public static func csv(_ arms: [Arm]) -> String {
        var lines = ["method,segment,name,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag,tic_smoothness_raw,tic_smoothness_corrected,pd_myocardial_sd,outlier_frames"]
        for arm in arms {
            guard let r = arm.result else { continue }
            for s in r.segments {
                let slices = r.slices.filter { $0.level == s.segment.level }
                func mean(_ v: [Double?]) -> Double? { let x = v.compactMap { $0 }; return x.isEmpty ? nil : x.reduce(0, +) / Double(x.count) }
                lines.append([arm.method.rawValue, String(s.segment.number), CSVField.quote(s.segment.name), s.segment.territory.rawValue,
                              CSVField.number(s.meanMlPerMinPerG), CSVField.number(s.sdMlPerMinPerG), CSVField.number(s.medianMlPerMinPerG),
                              String(s.validPixels), CSVField.quote(s.flag),
                              CSVField.number(mean(slices.map(\.ticSmoothnessRaw)), digits: 5),
                              CSVField.number(mean(slices.map(\.ticSmoothnessCorrected)), digits: 5),
                              CSVField.number(mean(slices.map(\.pdMyocardialSD)), digits: 5),
                              String(slices.reduce(0) { $0 + $1.outlierFrames.count })].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func html(_ arms: [Arm]) -> String {
        var report = HTMLReport(title: "MyoFlow motion-correction comparison")
        let all = arms.compactMap(\.result).flatMap { $0.segments.compactMap(\.valueMlPerMinPerG) }
        let colourMap = ColourMap(minimum: 0, maximum: max(4, ((all.max() ?? 0) * 2).rounded(.up) / 2))
        var figures: [String] = []
        for arm in arms {
            guard let r = arm.result else { report.warnings.append("\(arm.method.rawValue): \(arm.skipped ?? "not run")"); continue }
            var values: [Int: Double?] = [:]
            for s in r.segments { values[s.segment.number] = s.valueMlPerMinPerG }
            figures.append("<figure>" + BullseyePlot(colourMap: colourMap, size: 300).svg(values: values, flagged: Set(r.hypoperfusedSegments))
                           + "<figcaption>MoCo: \(htmlEscaped(arm.method.rawValue)) (ran \(htmlEscaped(r.motionMethod.rawValue)))</figcaption></figure>")
            for s in r.slices {
                report.qa.append(("\(arm.method.rawValue) · \(s.level.rawValue) TIC smoothness (raw → corrected)",
                                  "\(ReportBuilder.fmt(s.ticSmoothnessRaw)) → \(ReportBuilder.fmt(s.ticSmoothnessCorrected))"))
                report.qa.append(("\(arm.method.rawValue) · \(s.level.rawValue) PD myocardial SD", ReportBuilder.fmt(s.pdMyocardialSD)))
            }
            report.warnings += r.warnings.map { "\(arm.method.rawValue): \($0)" }
            report.timings += r.timings.map { ("\(arm.method.rawValue): \($0.stage)", $0.seconds) }
        }
        report.bullseyeSVG = figures.joined(separator: "\n")
        let ran = arms.filter { $0.result != nil }
        var rows: [(String, String)] = []
        for segment in AHASegment.all {
            let cells = ran.map { arm -> String in
                let s = arm.result!.segments[segment.number - 1]
                return "\(arm.method.rawValue) \(CSVField.number(s.valueMlPerMinPerG, digits: 2))"
            }
            rows.append(("\(segment.number) \(segment.name) (\(segment.territory.rawValue))", cells.joined(separator: " · ")))
        }
        report.header = rows
        report.methods = ["The same ingested study analysed per arm; anatomy found on each arm's corrected series. MBF in ml/min/g."]
        return report.render()
    }

    /// Writes comparison.csv and compare.html atomically into `path`.
    public static func write(_ arms: [Arm], to path: String) throws {
        try AtomicOutput.write(to: path) { tmp in
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
            try AnalysisOutputs.text(csv(arms), tmp + "/comparison.csv")
            try AnalysisOutputs.text(html(arms), tmp + "/compare.html")
        }
    }
}
