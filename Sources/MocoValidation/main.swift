// MocoValidation: the deep and iterative motion-correction methods on held-out phantom studies
// with motion, scored against the phantom's true displacement fields (tools/bench/README.md).
// Usage: swift run -c release MocoValidation [--method deep|iterative|both] [--quick] [--studies N]
//        [--stage3-components K] [--seed S] [--side-mm MM] [--models DIR] [--time-only] [--verbose]
//        [--ungated] (stages 2-3 without `RefinementGate`) [--one-way] (deep stage 1 not inverse-consistent)
//        [--case NAME] (every study that phantom case instead of the cycle)
//        [--stages ABC] (deep window, each stage d network / i optimiser / x none (stage 2): `StageMix`)
//        [--stage3-grid-mm MM] (non-rigid network's inference grid; 0: its training grid)
//        [--stage1-refine-mm MM] (deep stage-1 second pass above this movement; 0: one pass)
// Per study and method: residual myocardial motion RMS before/after (px, vs the true fields),
// temporal Dice around peak (true labels moved by the true motion and back by the estimate),
// TIC smoothness none vs method, PD-frame and AIF-series alignment error (px of each series),
// mistrigger detection (TP/FP/FN vs ground truth), wall and CPU seconds per study; overall per
// method, and for `both` the deep-vs-iterative speed ratio. `--time-only` skips the scoring and
// prints the seconds per whole study (every slice + AIF), the issue-9 speed target.
import Dispatch
import Foundation
import MotionCorrection
import MyoFlowCore
import Phantom

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let quick = CommandLine.arguments.contains("--quick")
let verbose = CommandLine.arguments.contains("--verbose")
let timeOnly = CommandLine.arguments.contains("--time-only")
let studyCount = option("--studies").flatMap(Int.init) ?? (quick || timeOnly ? (timeOnly ? 1 : 3) : 20)
let stage3Components = option("--stage3-components").flatMap(Int.init) ?? MotionCorrectionConfiguration().stage3Components
let seedBase = option("--seed").flatMap(UInt64.init) ?? 9001
let sideMm = option("--side-mm").flatMap(Double.init) ?? LVCentredMotionCorrection.defaultSideMm
let methodArgument = option("--method") ?? "both"
guard ["deep", "iterative", "both"].contains(methodArgument) else {
    FileHandle.standardError.write(Data("MocoValidation: --method must be deep, iterative or both (got '\(methodArgument)')\n".utf8))
    exit(2)
}
let stageMix: StageMix? = option("--stages").map { text in
    guard let mix = StageMix(text) else {
        FileHandle.standardError.write(Data("MocoValidation: --stages takes three letters, stage 1 and 3 d|i, stage 2 d|i|x (got '\(text)')\n".utf8))
        exit(2)
    }
    return mix
}
let methods: [MotionCorrectionMethod] = methodArgument == "both" ? [.deep, .iterative] : [methodArgument == "deep" ? .deep : .iterative]
/// Cases cycle with the seed: 9001 stress-lad, 9002 hard, 9003 stress-lcx, 9004 rest-normal, 9005 stress-rca, …
let cases: [PhantomCase] = [.stressLAD, .hard, .stressLCx, .restNormal, .stressRCA]

/// `--case NAME` gives every study that case (e.g. `--case hard --seed 2026 --studies 1`: PipelineBenchmark's study).
let forced: PhantomCase? = option("--case").map { name in
    do { return try PhantomCase.named(name) } catch {
        FileHandle.standardError.write(Data("MocoValidation: \(error)\n".utf8))
        exit(2)
    }
}
/// Held-out studies: seeds far from the tests' and the training set's, cycling over the cases with motion.
let studies = (0..<studyCount).map { i -> (PhantomCase, UInt64) in
    let seed = seedBase + UInt64(i)
    if let forced { return (forced, seed) }
    return (cases[Int(seed % UInt64(cases.count) + UInt64(cases.count) - 1) % cases.count], seed)
}

func seconds(since t: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9 }
/// User + system CPU seconds of this process (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Squared residuals (sum, count) of the estimated fields against the truth over `mask` for
/// `frames`. The estimate aligns frame f to the reference frame; composing it with the reference
/// frame's true field gives the map from the motion-free geometry into frame f, which should
/// equal the true field u_f: residual = |est_f ∘ u_ref − u_f| (pixels).
func residuals(estimated: [DisplacementField]?, truth: SeriesTruth, reference: Int, frames: [Int], mask: Mask) -> (sum: Double, count: Int) {
    let uRef = truth.correctionField(frame: reference)
    var sum = 0.0, count = 0
    for f in frames {
        let composite = estimated.map { $0[f].followed(by: uRef) } ?? uRef
        let r = MotionQualityMetrics.residualMotionRMS(estimated: composite, truth: truth.correctionField(frame: f), mask: mask)
        let n = mask.count
        sum += r * r * Double(n); count += n
    }
    return (sum, count)
}
func rms(_ x: (sum: Double, count: Int)) -> Double { x.count > 0 ? (x.sum / Double(x.count)).squareRoot() : .nan }
func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }
func median(_ v: [Double]) -> Double { v.isEmpty ? .nan : OutlierDetection.median(v) }
func add(_ a: inout (sum: Double, count: Int), _ b: (sum: Double, count: Int)) { a.sum += b.sum; a.count += b.count }

struct SliceScore {
    var before = 0.0, after = 0.0, ticOracle = 0.0, diceNone = 0.0, diceMoco = 0.0, ticNone = 0.0, ticMoco = 0.0, pdBefore = 0.0, pdAfter = 0.0, seconds = 0.0
}

/// Everything measured for one method.
struct MethodTally {
    var slices: [SliceScore] = []
    var aifBefore: [Double] = [], aifAfter: [Double] = [], aifSeconds: [Double] = []
    var pooledBefore = (sum: 0.0, count: 0), pooledAfter = (sum: 0.0, count: 0), pooledPDBefore = (sum: 0.0, count: 0), pooledPDAfter = (sum: 0.0, count: 0)
    var truePositives = 0, falsePositives = 0, falseNegatives = 0
    var studyWall: [Double] = [], studyCPU: [Double] = []
}

let configuration: MotionCorrectionConfiguration = {
    var c = MotionCorrectionConfiguration()
    c.stage3Components = stage3Components
    c.gateRefinements = !CommandLine.arguments.contains("--ungated")
    return c
}()
let iterative = IterativeMotionCorrection.corrector(configuration: configuration)
let deep: DeepMotionCorrection? = methods.contains(.deep) ? {
    let requested = option("--models")
    let packageModels = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Models").path
    let folder = requested ?? DeepMotionCorrection.locateModels(in: "Models", searchOtherFolders: true) ?? packageModels
    let start = DispatchTime.now()
    let models: DeepMotionCorrection
    do {
        var loaded = try DeepMotionCorrection.load(modelsDirectory: folder)
        loaded.inverseConsistentStage1 = !CommandLine.arguments.contains("--one-way")
        if let mm = option("--stage3-grid-mm").flatMap(Double.init) { loaded.stage3GridPixelMm = mm > 0 ? mm : nil }
        if let mm = option("--stage1-refine-mm").flatMap(Double.init) { loaded.stage1RefineAboveMm = mm > 0 ? mm : nil }
        models = loaded
    } catch {
        FileHandle.standardError.write(Data("MocoValidation: \(error)\n".utf8))
        exit(1)
    }
    let shas = [models.affine1, models.affine2, models.nonrigid].map { "\(($0.name as NSString).lastPathComponent) \(String(($0.sha256 ?? "-").prefix(12)))" }
    print(String(format: "deep models from %@ (%@), loaded in %.2f s; non-rigid grid %@", folder, shas.joined(separator: ", "), seconds(since: start), models.stage3GridPixelMm.map { String(format: "%.2f mm", $0) } ?? "as trained"))
    return models
}() : nil

/// Corrects one series with `method` (LV-centred window; deep: 200 mm window, 128 mm PCA region).
func correct(_ series: ImageSeries, method: MotionCorrectionMethod) throws -> LVCentredResult {
    switch method {
    case .deep:
        if let mix = stageMix { return try mix.correct(series, deep: deep!, configuration: configuration) }
        return try deep!.correct(series, configuration: configuration)
    default: return try LVCentredMotionCorrection.correct(series, sideMm: sideMm) { _ in iterative }
    }
}

var tallies: [MotionCorrectionMethod: MethodTally] = [:]
for m in methods { tallies[m] = MethodTally() }
print("MocoValidation: \(studies.count) phantom studies, methods \(methods.map(\.rawValue).joined(separator: " + ")), stage-3 PCA components \(stage3Components), LV window iterative \(Int(sideMm)) mm / deep \(Int(DeepMotionCorrection.defaultSideMm)) mm, \(ProcessInfo.processInfo.activeProcessorCount) cores\(stageMix.map { ", deep stages " + String($0.codes) } ?? "")")
if !timeOnly {
    print("study                    | method    | series  | resid px before→after | Dice none→moco | TIC none→moco (×) | PD px before→after | mistrig TP/FP/FN | s")
}
let total = DispatchTime.now()
for (phantomCase, seed) in studies {
    let synthetic = try StudySynthesizer.synthesize(phantomCase.spec(seed: seed))
    let study = synthetic.study
    let all = study.slices + (study.aif.map { [$0] } ?? [])
    let name = "\(phantomCase.rawValue) \(seed)".padding(toLength: 24, withPad: " ", startingAt: 0)
    for method in methods {
        var tally = tallies[method]!
        let methodName = method.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
        let wallStart = DispatchTime.now(), cpuStart = cpuSeconds()
        let results = try all.map { try correct($0, method: method) }
        tally.studyWall.append(seconds(since: wallStart)); tally.studyCPU.append(cpuSeconds() - cpuStart)
        if timeOnly {
            if verbose {
                for (series, result) in zip(all, results) {
                    let stages = result.registration.stageSeconds.sorted { $0.key < $1.key }.map { String(format: "%@ %.2f", $0.key, $0.value) }
                    print(String(format: "  %@: %.2f s (%@)", series.seriesDescription, result.seconds, stages.joined(separator: ", ")))
                }
            }
            print(String(format: "%@ | %@ | whole study (%d series, %d frames each): %.2f s wall, %.2f s CPU", name, methodName, all.count, all[0].frames,
                         tally.studyWall.last!, tally.studyCPU.last!))
            tallies[method] = tally
            continue
        }
        for (k, (series, result)) in zip(all, results).enumerated() {
            let truth = synthetic.truth.series[k]
            let isAIF = k == study.slices.count
            let reg = result.registration
            let labels = truth.scene.labels
            let mistriggered = Set(truth.mistriggeredFrames)
            let dynamic = series.dynamicFrameIndices.filter { !mistriggered.contains($0) }
            let flagged = Set(reg.outliers.flaggedFrames)
            let tp = flagged.intersection(mistriggered).count, fp = flagged.subtracting(mistriggered).count, fn = mistriggered.subtracting(flagged).count
            tally.truePositives += tp; tally.falsePositives += fp; tally.falseNegatives += fn
            if verbose {
                let z = zip(reg.outliers.frames, reg.outliers.robustZ).filter { $0.1 > 2 }.map { "\($0.0):\(String(format: "%.1f", $0.1))" }
                print("  \(truth.name) \(method.rawValue): reference \(reg.referenceFrame), PD \(series.pdFrameIndices), peak LV \(truth.peakLVFrame), mistriggered \(truth.mistriggeredFrames.sorted()), flagged \(reg.outliers.flaggedFrames), z>2 \(z), window \(result.crop.rows)×\(result.crop.columns)")
            }
            if isAIF {
                var heart = labels.mask(.myocardium)
                let blood = labels.mask(.lvBlood)
                for i in heart.values.indices where blood.values[i] { heart.values[i] = true }
                let before = rms(residuals(estimated: nil, truth: truth, reference: reg.referenceFrame, frames: dynamic, mask: heart))
                let after = rms(residuals(estimated: reg.fields, truth: truth, reference: reg.referenceFrame, frames: dynamic, mask: heart))
                tally.aifBefore.append(before); tally.aifAfter.append(after); tally.aifSeconds.append(result.seconds)
                print(String(format: "%@ | %@ | aif     | %5.2f → %5.2f         |                |                   |                    | %2d/%2d/%2d         | %5.1f",
                             name, methodName, before, after, tp, fp, fn, result.seconds))
                continue
            }
            let myocardium = labels.mask(.myocardium)
            var score = SliceScore()
            let b = residuals(estimated: nil, truth: truth, reference: reg.referenceFrame, frames: dynamic, mask: myocardium)
            let a = residuals(estimated: reg.fields, truth: truth, reference: reg.referenceFrame, frames: dynamic, mask: myocardium)
            add(&tally.pooledBefore, b); add(&tally.pooledAfter, a)
            score.before = rms(b); score.after = rms(a)
            if verbose {  // per-frame residual (px): where a method fails in time (first pass, mistriggers)
                let perFrame = series.dynamicFrameIndices.map { f in String(format: "%d:%.1f", f, rms(residuals(estimated: reg.fields, truth: truth, reference: reg.referenceFrame, frames: [f], mask: myocardium))) }
                print("  \(truth.name) \(method.rawValue) residual per frame: \(perFrame.joined(separator: " "))")
            }
            let pd = series.pdFrameIndices
            if !pd.isEmpty {
                let pb = residuals(estimated: nil, truth: truth, reference: reg.referenceFrame, frames: pd, mask: myocardium)
                let pa = residuals(estimated: reg.fields, truth: truth, reference: reg.referenceFrame, frames: pd, mask: myocardium)
                add(&tally.pooledPDBefore, pb); add(&tally.pooledPDAfter, pa)
                score.pdBefore = rms(pb); score.pdAfter = rms(pa)
            }
            let trueFields = (0..<series.frames).map { truth.correctionField(frame: $0) }
            let zero = Array(repeating: DisplacementField(rows: series.rows, columns: series.columns), count: series.frames)
            score.diceNone = MotionQualityMetrics.myocardialDice(masks: try MotionQualityMetrics.correctedMasks(reference: myocardium, trueFields: trueFields, estimatedFields: zero), peakFrame: truth.peakLVFrame) ?? .nan
            score.diceMoco = MotionQualityMetrics.myocardialDice(masks: try MotionQualityMetrics.correctedMasks(reference: myocardium, trueFields: trueFields, estimatedFields: reg.fields), peakFrame: truth.peakLVFrame) ?? .nan
            // TIC ROI in the reference frame's geometry: the true myocardium moved by the reference frame's true motion.
            let uRef = trueFields[reg.referenceFrame]
            let referenceMyocardium = try FieldInversion.inverse(of: uRef).warp(labels).mask(.myocardium)
            let centre = truth.scene.aha.lvCentre
            let i = Int(centre.row.rounded()) * series.columns + Int(centre.column.rounded())
            let region = MotionQualityMetrics.ticRegion(lvCentre: (centre.row + Double(uRef.rowDisplacement[i]), centre.column + Double(uRef.columnDisplacement[i])),
                                                        myocardium: referenceMyocardium)
            score.ticNone = MotionQualityMetrics.ticSmoothness(series, region: region) ?? .nan
            score.ticMoco = MotionQualityMetrics.ticSmoothness(reg.corrected, region: region) ?? .nan
            // Ceiling: the native frames warped with the true fields (motion-free geometry, true ROI).
            var oracle = series
            for f in 0..<series.frames { try oracle.setFrame(f, to: trueFields[f].warp(series.frame(f))) }
            score.ticOracle = MotionQualityMetrics.ticSmoothness(oracle, lvCentre: (centre.row, centre.column), myocardium: myocardium) ?? .nan
            score.seconds = result.seconds
            tally.slices.append(score)
            print(String(format: "%@ | %@ | %@ | %5.2f → %5.2f         | %.3f → %.3f  | %.3f → %.3f (%.1f) | %5.2f → %5.2f      | %2d/%2d/%2d         | %5.1f",
                         name, methodName, truth.name.padding(toLength: 7, withPad: " ", startingAt: 0), score.before, score.after, score.diceNone, score.diceMoco,
                         score.ticNone, score.ticMoco, score.ticNone / score.ticMoco, score.pdBefore, score.pdAfter, tp, fp, fn, result.seconds))
        }
        print(String(format: "%@ | %@ | whole study: %.2f s wall, %.2f s CPU", name, methodName, tally.studyWall.last!, tally.studyCPU.last!))
        tallies[method] = tally
    }
}

print("")
for method in methods {
    let t = tallies[method]!
    print("OVERALL \(method.rawValue) (\(studies.count) studies, \(t.slices.count) slices, stage-3 components \(stage3Components)); targets in brackets")
    if !timeOnly {
        let ratios = t.slices.map { $0.ticNone / $0.ticMoco }
        print(String(format: "  residual myocardial motion RMS: %.3f → %.3f px pooled; per slice mean %.3f, median %.3f, worst %.3f  [≤ 0.5]",
                     rms(t.pooledBefore), rms(t.pooledAfter), mean(t.slices.map(\.after)), median(t.slices.map(\.after)), t.slices.map(\.after).max() ?? .nan))
        print(String(format: "  temporal Dice around peak: none %.3f → %@ %.3f (mean), worst %.3f  [≥ 0.92]",
                     mean(t.slices.map(\.diceNone)), method.rawValue, mean(t.slices.map(\.diceMoco)), t.slices.map(\.diceMoco).min() ?? .nan))
        print(String(format: "  TIC smoothness: none %.4f → %@ %.4f; ratio of means %.2f×, median ratio %.2f×, worst %.2f×  [≥ 3×]",
                     mean(t.slices.map(\.ticNone)), method.rawValue, mean(t.slices.map(\.ticMoco)), mean(t.slices.map(\.ticNone)) / mean(t.slices.map(\.ticMoco)),
                     median(ratios), ratios.min() ?? .nan))
        print(String(format: "  TIC smoothness ceiling (frames warped with the true fields): %.4f, i.e. at most %.2f× over none on these studies",
                     mean(t.slices.map(\.ticOracle)), mean(t.slices.map(\.ticNone)) / mean(t.slices.map(\.ticOracle))))
        print(String(format: "  PD frames: %.3f → %.3f px pooled; per slice worst %.3f  [≤ 0.5]",
                     rms(t.pooledPDBefore), rms(t.pooledPDAfter), t.slices.map(\.pdAfter).max() ?? .nan))
        print(String(format: "  AIF series: %.3f → %.3f of its pixels (mean), median %.3f, worst %.3f  [≤ 0.5]",
                     mean(t.aifBefore), mean(t.aifAfter), median(t.aifAfter), t.aifAfter.max() ?? .nan))
        print("  mistrigger detection: \(t.truePositives) true positives, \(t.falsePositives) false positives, \(t.falseNegatives) missed")
        print(String(format: "  runtime: %.2f s per slice (mean), %.2f s per AIF series", mean(t.slices.map(\.seconds)), mean(t.aifSeconds)))
    }
    print(String(format: "  whole study (every slice + AIF): %.2f s wall (median %.2f), %.2f s CPU per study%@",
                 mean(t.studyWall), median(t.studyWall), mean(t.studyCPU), method == .deep ? "  [≤ 8 s]" : ""))
}
if methods.count == 2, let d = tallies[.deep], let i = tallies[.iterative] {
    print(String(format: "deep vs iterative speed: %.1f× faster (wall per study), %.1f× (CPU per study)  [≥ 15×]",
                 mean(i.studyWall) / mean(d.studyWall), mean(i.studyCPU) / mean(d.studyCPU)))
}
print(String(format: "total %.0f s", seconds(since: total)))
