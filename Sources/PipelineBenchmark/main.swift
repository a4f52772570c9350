// Whole-chain benchmark: the stress-LAD phantom (3 slices + AIF series, 3 PD + 60 dynamic
// frames) through `AnalysisPipeline.run`, stage by stage. Anatomy comes from the phantom's ground
// truth (the learned finder's own cost is benchmarked with it), so the figures cover every other
// stage. Usage: PipelineBenchmark [none|iterative|deep] [case=stress-lad] [seed=2026]
import Foundation
import MotionCorrection
import MyoFlowCore
import Phantom
import Pipeline
import Preprocessing
import Reporting

struct Printer: ProgressSink {
    func update(stage: String, completed: Int, total: Int) {}
    func finish(stage: String, seconds: Double) {}
}

let arguments = CommandLine.arguments.dropFirst()
let moco = MotionCorrectionChoice(rawValue: arguments.first ?? "iterative") ?? .iterative
let phantomCase = (try? PhantomCase.named(arguments.dropFirst().first ?? "stress-lad")) ?? .stressLAD
let spec = phantomCase.spec(seed: arguments.dropFirst(2).first.flatMap { UInt64($0) } ?? 2026)
var t0 = Date()
let synthetic = try StudySynthesizer.synthesize(spec)
let synthesis = Date().timeIntervalSince(t0)
let s = synthetic.study
print("case \(spec.name): \(s.slices.count) slices \(s.slices[0].rows)×\(s.slices[0].columns) + AIF \(s.aif.map { "\($0.rows)×\($0.columns)" } ?? "none"), \(s.slices[0].frames) frames each; phantom synthesis \(String(format: "%.2f", synthesis)) s")
var options = AnalysisOptions(motionCorrection: moco)
options.modelsDirectory = moco == .deep ? AnalysisOptions.defaultModelsDirectory : "/nonexistent"
t0 = Date()
let result = try AnalysisPipeline.run(input: .study(s), options: options, finder: PhantomTruthAnatomyFinder(synthetic: synthetic), progress: Printer())
let total = Date().timeIntervalSince(t0)
// MYOFLOW_BENCH_OUT=DIR keeps the output folder (e.g. to screenshot its report).
let keep = ProcessInfo.processInfo.environment["MYOFLOW_BENCH_OUT"]
let out = keep ?? NSTemporaryDirectory() + "myoflow-bench-\(UUID().uuidString.prefix(8))"
t0 = Date()
try AnalysisOutputs.write(result, run: RunRecord(finderName: "phantom truth", modelsDirectory: "/nonexistent", command: "PipelineBenchmark"), to: out)
let outputs = Date().timeIntervalSince(t0)
if keep == nil { try? FileManager.default.removeItem(atPath: out) }
print("MoCo: \(result.motionMethod.rawValue)")
func line(_ stage: String, _ seconds: Double) {
    print("  " + stage.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%8.2f s", seconds))
}
for t in result.timings { line(t.stage, t.seconds) }
line("outputs (CSV, maps, report)", outputs)
line("total (chain + outputs)", total + outputs)
let fitted = result.slices.reduce(0) { $0 + ($1.maps?.fittedCount ?? 0) }
print("pixel fits: \(fitted); ischaemic territories: \(result.ischaemicTerritories.map(\.rawValue))")
let truth = synthetic.truth.segmentMBF
func mae(_ value: KeyPath<SegmentStatistics, Double?>) -> (mean: Double, max: Double) {
    let errors = result.relativeErrors(truth: truth, value: value)
    return (100 * errors.reduce(0, +) / Double(max(1, errors.count)), 100 * (errors.max() ?? 0))
}
let byMean = mae(\.meanMlPerMinPerG), byMedian = mae(\.medianMlPerMinPerG)
print(String(format: "per-segment MBF MAE vs truth: %.1f%% (max %.1f%%); of the segment medians %.1f%% (max %.1f%%)",
             byMean.mean, byMean.max, byMedian.mean, byMedian.max))
// Where the error sits: AIF peak, clamped samples per slice, and each segment against truth.
print(String(format: "AIF peak %.2f mmol/L (clamped %d); clamped myocardial samples per slice: %@", result.aif.curve.gdMmolPerL.max() ?? .nan,
             result.aif.clampedSamples, result.slices.map { String($0.clampedSamples) }.joined(separator: " ")))
for x in result.segments {
    let t = truth[x.segment.number - 1]
    print(String(format: "  segment %2d  truth %.2f  measured %@", x.segment.number, t,
                 x.meanMlPerMinPerG.map { String(format: "%.2f (%+.0f%%)", $0, 100 * ($0 - t) / t) } ?? "—")
          + (x.medianMlPerMinPerG.map { String(format: "  median %.2f (%+.0f%%)", $0, 100 * ($0 - t) / t) } ?? "")
          + "  \(x.validPixels) valid, \(x.rejectedPixels) rejected")
}
