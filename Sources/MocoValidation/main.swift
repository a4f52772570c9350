// MocoValidation: the iterative motion-correction baseline on held-out phantom studies with
// motion, scored against the phantom's true displacement fields (tools/bench/README.md).
// Usage: swift run -c release MocoValidation [--quick] [--studies N] [--stage3-components K]
//        [--seed S] [--side-mm MM]
// Per study and overall: residual myocardial motion RMS before/after (px, vs the true fields),
// temporal Dice around peak (true labels moved by the true motion and back by the estimate),
// TIC smoothness none vs iterative, PD-frame and AIF-series alignment error (px of each
// series), mistrigger detection (TP/FP/FN vs ground truth) and runtime per slice.
import Dispatch
import Foundation
import MotionCorrection
import MyoFlowCore
import Phantom

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, in arguments: [String] = CommandLine.arguments) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let quick = CommandLine.arguments.contains("--quick")
let verbose = CommandLine.arguments.contains("--verbose")
let studyCount = option("--studies").flatMap(Int.init) ?? (quick ? 3 : 20)
let stage3Components = option("--stage3-components").flatMap(Int.init) ?? MotionCorrectionConfiguration().stage3Components
let seedBase = option("--seed").flatMap(UInt64.init) ?? 9001
/// Cases cycle with the seed: 9001 stress-lad, 9002 hard, 9003 stress-lcx, 9004 rest-normal, 9005 stress-rca, …
let sideMm = option("--side-mm").flatMap(Double.init) ?? LVCentredMotionCorrection.defaultSideMm
let cases: [PhantomCase] = [.stressLAD, .hard, .stressLCx, .restNormal, .stressRCA]

/// Held-out studies: seeds far from the tests' and the training set's, cycling over the cases with motion.
let studies = (0..<studyCount).map { i -> (PhantomCase, UInt64) in
    let seed = seedBase + UInt64(i)
    return (cases[Int(seed % UInt64(cases.count) + UInt64(cases.count) - 1) % cases.count], seed)
}

func now() -> DispatchTime { DispatchTime.now() }
func seconds(_ t: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9 }

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

struct SliceScore {
    var before = 0.0, after = 0.0, ticOracle = 0.0, diceNone = 0.0, diceMoco = 0.0, ticNone = 0.0, ticMoco = 0.0, pdBefore = 0.0, pdAfter = 0.0, seconds = 0.0
}
var sliceScores: [SliceScore] = []
var aifBefore: [Double] = [], aifAfter: [Double] = []
var pooledBefore = (sum: 0.0, count: 0), pooledAfter = (sum: 0.0, count: 0), pooledPDBefore = (sum: 0.0, count: 0), pooledPDAfter = (sum: 0.0, count: 0)
var truePositives = 0, falsePositives = 0, falseNegatives = 0
var aifSeconds: [Double] = []

var configuration = MotionCorrectionConfiguration()
configuration.stage3Components = stage3Components
let corrector = IterativeMotionCorrection.corrector(configuration: configuration)
print("MocoValidation: \(studies.count) phantom studies, iterative baseline, stage-3 PCA components \(stage3Components), LV window \(Int(sideMm)) mm, \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("study                    | series  | resid px before→after | Dice none→moco | TIC none→moco (×) | PD px before→after | mistrig TP/FP/FN | s")
let total = now()
for (phantomCase, seed) in studies {
    let synthetic = try StudySynthesizer.synthesize(phantomCase.spec(seed: seed))
    let study = synthetic.study
    let all = study.slices + (study.aif.map { [$0] } ?? [])
    for (k, series) in all.enumerated() {
        let truth = synthetic.truth.series[k]
        let isAIF = k == study.slices.count
        let result = try LVCentredMotionCorrection.correct(series, sideMm: sideMm) { _ in corrector }
        let reg = result.registration
        let labels = truth.scene.labels
        let mistriggered = Set(truth.mistriggeredFrames)
        let dynamic = series.dynamicFrameIndices.filter { !mistriggered.contains($0) }
        let flagged = Set(reg.outliers.flaggedFrames)
        let tp = flagged.intersection(mistriggered).count, fp = flagged.subtracting(mistriggered).count, fn = mistriggered.subtracting(flagged).count
        truePositives += tp; falsePositives += fp; falseNegatives += fn
        if verbose {
            let z = zip(reg.outliers.frames, reg.outliers.robustZ).filter { $0.1 > 2 }.map { "\($0.0):\(String(format: "%.1f", $0.1))" }
            print("  \(truth.name): reference \(reg.referenceFrame), PD \(series.pdFrameIndices), peak LV \(truth.peakLVFrame), mistriggered \(truth.mistriggeredFrames.sorted()), flagged \(reg.outliers.flaggedFrames), z>2 \(z)")
        }
        let name = "\(phantomCase.rawValue) \(seed)".padding(toLength: 24, withPad: " ", startingAt: 0)
        if isAIF {
            var heart = labels.mask(.myocardium)
            let blood = labels.mask(.lvBlood)
            for i in heart.values.indices where blood.values[i] { heart.values[i] = true }
            let before = rms(residuals(estimated: nil, truth: truth, reference: reg.referenceFrame, frames: dynamic, mask: heart))
            let after = rms(residuals(estimated: reg.fields, truth: truth, reference: reg.referenceFrame, frames: dynamic, mask: heart))
            aifBefore.append(before); aifAfter.append(after); aifSeconds.append(result.seconds)
            print(String(format: "%@ | aif     | %5.2f → %5.2f         |                |                   |                    | %2d/%2d/%2d         | %5.1f",
                         name, before, after, tp, fp, fn, result.seconds))
            continue
        }
        let myocardium = labels.mask(.myocardium)
        var score = SliceScore()
        let b = residuals(estimated: nil, truth: truth, reference: reg.referenceFrame, frames: dynamic, mask: myocardium)
        let a = residuals(estimated: reg.fields, truth: truth, reference: reg.referenceFrame, frames: dynamic, mask: myocardium)
        pooledBefore.sum += b.sum; pooledBefore.count += b.count; pooledAfter.sum += a.sum; pooledAfter.count += a.count
        score.before = rms(b); score.after = rms(a)
        let pd = series.pdFrameIndices
        if !pd.isEmpty {
            let pb = residuals(estimated: nil, truth: truth, reference: reg.referenceFrame, frames: pd, mask: myocardium)
            let pa = residuals(estimated: reg.fields, truth: truth, reference: reg.referenceFrame, frames: pd, mask: myocardium)
            pooledPDBefore.sum += pb.sum; pooledPDBefore.count += pb.count; pooledPDAfter.sum += pa.sum; pooledPDAfter.count += pa.count
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
        sliceScores.append(score)
        print(String(format: "%@ | %@ | %5.2f → %5.2f         | %.3f → %.3f  | %.3f → %.3f (%.1f) | %5.2f → %5.2f      | %2d/%2d/%2d         | %5.1f",
                     name, truth.name.padding(toLength: 7, withPad: " ", startingAt: 0), score.before, score.after, score.diceNone, score.diceMoco,
                     score.ticNone, score.ticMoco, score.ticNone / score.ticMoco, score.pdBefore, score.pdAfter, tp, fp, fn, result.seconds))
    }
}
let ratios = sliceScores.map { $0.ticNone / $0.ticMoco }
print("")
print("OVERALL (\(studies.count) studies, \(sliceScores.count) slices, stage-3 components \(stage3Components)); targets in brackets")
print(String(format: "residual myocardial motion RMS: %.3f → %.3f px pooled; per slice mean %.3f, median %.3f, worst %.3f  [≤ 0.5]",
             rms(pooledBefore), rms(pooledAfter), mean(sliceScores.map(\.after)), median(sliceScores.map(\.after)), sliceScores.map(\.after).max() ?? .nan))
print(String(format: "temporal Dice around peak: none %.3f → iterative %.3f (mean), worst %.3f  [≥ 0.92]",
             mean(sliceScores.map(\.diceNone)), mean(sliceScores.map(\.diceMoco)), sliceScores.map(\.diceMoco).min() ?? .nan))
print(String(format: "TIC smoothness: none %.4f → iterative %.4f; ratio of means %.2f×, median ratio %.2f×, worst %.2f×  [≥ 3×]",
             mean(sliceScores.map(\.ticNone)), mean(sliceScores.map(\.ticMoco)), mean(sliceScores.map(\.ticNone)) / mean(sliceScores.map(\.ticMoco)),
             median(ratios), ratios.min() ?? .nan))
print(String(format: "TIC smoothness ceiling (frames warped with the true fields): %.4f, i.e. at most %.2f× over none on these studies",
             mean(sliceScores.map(\.ticOracle)), mean(sliceScores.map(\.ticNone)) / mean(sliceScores.map(\.ticOracle))))
print(String(format: "PD frames: %.3f → %.3f px pooled; per slice worst %.3f  [≤ 0.5]",
             rms(pooledPDBefore), rms(pooledPDAfter), sliceScores.map(\.pdAfter).max() ?? .nan))
print(String(format: "AIF series: %.3f → %.3f of its pixels (mean), median %.3f, worst %.3f  [≤ 0.5]",
             mean(aifBefore), mean(aifAfter), median(aifAfter), aifAfter.max() ?? .nan))
print("mistrigger detection: \(truePositives) true positives, \(falsePositives) false positives, \(falseNegatives) missed")
print(String(format: "runtime: %.1f s per slice (mean), %.1f s per AIF series; total %.0f s",
             mean(sliceScores.map(\.seconds)), mean(aifSeconds), seconds(total)))
