import Foundation
import MyoFlowCore
import Phantom
import Preprocessing
import Reporting

/// `myoflow demo`: synthesise the stress phantom with LAD ischaemia, analyse it with the
/// product's chain, and compare the segments with the phantom's ground truth. Ground truth is
/// used only for that comparison, never by the analysis.
public enum DemoRunner {
    public static let seed: UInt64 = 2026

    /// The demo's phantom: `stress-lad` with the demo seed.
    public static var defaultSpec: PhantomSpec { PhantomCase.stressLAD.spec(seed: seed) }

    public struct Outcome: Sendable {
        public var result: AnalysisResult
        /// Per segment 1–16: true and measured MBF (ml/min/g).
        public var truth: [Double]
        public var measured: [Double?]
    }

    /// Writes `out/` atomically: the analysis outputs, `study/` (study.h5, ground_truth.h5) and
    /// `ground_truth_comparison.csv`.
    public static func run(out: String, spec: PhantomSpec = defaultSpec, options: AnalysisOptions = AnalysisOptions(),
                           finder: any SliceAnatomyFinder, progress: any ProgressSink = SilentProgress()) throws -> Outcome {
        try AnalysisOutputs.checkDestination(out)
        let start = DispatchTime.now().uptimeNanoseconds
        let synthetic = try StudySynthesizer.synthesize(spec)
        progress.finish(stage: "phantom", seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        var result = try AnalysisPipeline.run(input: .study(synthetic.study), options: options, finder: finder, progress: progress)
        result.timings.insert(("phantom", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 - result.timings.reduce(0) { $0 + $1.seconds }), at: 0)
        let truth = synthetic.truth.segmentMBF
        let measured = result.segments.map(\.valueMlPerMinPerG)
        let run = RunRecord(finder: finder, modelsDirectory: options.modelsDirectory, command: "myoflow demo (phantom \(spec.name), seed \(spec.seed))")
        try AnalysisOutputs.write(result, run: run, to: out) { tmp in
            _ = try StudyExport.write(synthetic, to: tmp + "/study", format: .h5)
            try AnalysisOutputs.text(comparisonCSV(truth: truth, measured: measured), tmp + "/ground_truth_comparison.csv")
        }
        return Outcome(result: result, truth: truth, measured: measured)
    }

    /// segment, true MBF, measured, error % (100·(measured − true)/true).
    public static func comparisonCSV(truth: [Double], measured: [Double?]) -> String {
        var lines = ["segment,true_mbf_ml_min_g,measured_mbf_ml_min_g,error_percent"]
        for i in 0..<16 {
            let t = i < truth.count ? truth[i] : .nan
            let m = i < measured.count ? measured[i] : nil
            let e = m.map { 100 * ($0 - t) / t }
            lines.append("\(i + 1),\(CSVField.number(t)),\(CSVField.number(m)),\(CSVField.number(e, digits: 1))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
