// The product chain across acquisitions: phantom studies with one acquisition parameter changed
// (pixel size at a fixed FOV, frame count, heart rate, noise, PD frames, FOV rotation) through
// `AnalysisPipeline.run` with the learned anatomy finder (or the phantom's true anatomy), scored
// against the phantom's segment MBF. Prints, per variant and seed, the per-segment MAE of the
// reported value, the segments flagged, the ischaemic territories found and the wall time.
//
// Usage: AcquisitionSweep [--case NAME] [--seeds 31,32] [--moco iterative|none|deep]
//                         [--border-erosion auto|N] [--true-anatomy] [--segments] VARIANT...
// --segments also prints each segment against truth and the analysis warnings.
// VARIANT: base | pixel=MM | frames=N | hr=BPM | cnr=X | pd=N | still | rotation, or several joined by
// commas (e.g. pixel=3,still); tools/bench/README.md
import Foundation
import MyoFlowCore
import Phantom
import Pipeline
import Preprocessing

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i...(i + 1)) }
    return arguments[i + 1]
}
@MainActor func flag(_ name: String) -> Bool {
    guard let i = arguments.firstIndex(of: name) else { return false }
    arguments.remove(at: i)
    return true
}
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

let phantomCase: PhantomCase
do { phantomCase = try PhantomCase.named(option("--case") ?? "stress-lad") } catch { fail("\(error)") }
let seeds = (option("--seeds") ?? "31,32").split(separator: ",").compactMap { UInt64($0) }
guard !seeds.isEmpty else { fail("--seeds: comma-separated seeds, e.g. 31,32") }
guard let moco = MotionCorrectionChoice(rawValue: option("--moco") ?? "iterative") else { fail("--moco: iterative, none or deep") }
guard let margin = BorderMargin(parsing: option("--border-erosion") ?? "auto") else { fail("--border-erosion: auto or a number of steps") }
let trueAnatomy = flag("--true-anatomy"), perSegment = flag("--segments")
let variants = (arguments.isEmpty ? ["base"] : arguments).compactMap(AcquisitionVariant.init)
guard variants.count == max(1, arguments.count) else { fail("unknown variant in \(arguments): \(AcquisitionVariant.usage)") }

print("case \(phantomCase.rawValue), MoCo \(moco.rawValue), border margin \(margin), anatomy \(trueAnatomy ? "phantom truth" : "learned finder")")
for variant in variants {
    var line = variant.description.padding(toLength: 12, withPad: " ", startingAt: 0)
    var maes: [Double] = []
    for seed in seeds {
        do {
            var spec = phantomCase.spec(seed: seed)
            variant.apply(&spec)
            let synthetic = try StudySynthesizer.synthesize(spec)
            var options = AnalysisOptions(motionCorrection: moco)
            options.borderMargin = margin
            let started = Date()
            let finder: any SliceAnatomyFinder = trueAnatomy ? PhantomTruthAnatomyFinder(synthetic: synthetic) : try AnalysisPipeline.defaultAnatomyFinder()
            let result = try AnalysisPipeline.run(input: .study(synthetic.study), options: options, finder: finder)
            let truth = synthetic.truth.segmentMBF
            let errors = result.relativeErrors(truth: truth)
            let mae = 100 * errors.reduce(0, +) / Double(max(1, errors.count))
            maes.append(mae)
            line += String(format: " | seed %d: %.1f%% (%d segments, %d flagged, ischaemic %@, %.0f s)", seed, mae, errors.count,
                           result.segments.filter { !$0.flag.isEmpty }.count,
                           territories(result), Date().timeIntervalSince(started))
            if perSegment {
                for w in result.warnings { print("    seed \(seed) warning: \(w)") }
                for s in result.segments {
                    print(String(format: "    seed %d segment %2d truth %.2f value %@ valid %d rejected %d %@", seed, s.segment.number, truth[s.segment.number - 1],
                                 s.valueMlPerMinPerG.map { String(format: "%.2f", $0) } ?? "—", s.validPixels, s.rejectedPixels, s.flag))
                }
            }
        } catch {
            line += " | seed \(seed): failed: \(error)"
        }
    }
    print(line + (maes.isEmpty ? "" : String(format: " || mean %.1f%%", maes.reduce(0, +) / Double(maes.count))))
}

func territories(_ result: AnalysisResult) -> String {
    result.ischaemicTerritories.isEmpty ? "none" : result.ischaemicTerritories.map { $0.rawValue }.joined(separator: ",")
}
