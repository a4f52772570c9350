// StageTrainingSet: training pairs for the deep chain's stage-2 network (affine2) exactly as the
// product gives them: phantom studies with motion go through the deep stage 1 (inverse-consistent
// affine1) in the 200 mm LV window; each dynamic frame's pair is the native frame seen through its
// stage-1 affine and its frame of the 3-component PCA reference of the stage-1 output, resampled
// onto affine2's grid and normalised by `RegistrationNetwork.inputs` (the engine's own code). The
// target is the true residual field on that grid (`RefinementTarget`). Networks trained on the
// phantom's ideal references do nothing on these inputs (tools/bench/README.md, `--stages`).
// Usage: StageTrainingSet --out FILE.h5 [--studies N] [--seed S] [--models DIR]
// Cases cycle like MocoValidation's; use seeds away from its held-out 9001… and 2026.
import Foundation
import HDF5IO
import MotionCorrection
import MyoFlowCore
import Phantom

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("StageTrainingSet: \(message)\n".utf8))
    exit(1)
}

guard let out = option("--out") else { fail("--out FILE.h5 is required") }
let studyCount = option("--studies").flatMap(Int.init) ?? 20
let seedBase = option("--seed").flatMap(UInt64.init) ?? 7001
if (9001...9100).contains(seedBase) || seedBase == 2026 { fail("seed \(seedBase) is held out for MocoValidation / PipelineBenchmark") }
let folder = option("--models") ?? DeepMotionCorrection.locateModels(in: "Models", searchOtherFolders: true) ?? "Models"
let deep: DeepMotionCorrection
do { deep = try DeepMotionCorrection.load(modelsDirectory: folder) } catch { fail("\(error)") }
let cases: [PhantomCase] = [.stressLAD, .hard, .stressLCx, .restNormal, .stressRCA]
let configuration = MotionCorrectionConfiguration()

var moving: [Float] = [], fixed: [Float] = [], targets: [Float] = []
var count = 0, size = 0
for k in 0..<studyCount {
    let seed = seedBase + UInt64(k)
    let synthetic = try StudySynthesizer.synthesize(cases[k % cases.count].spec(seed: seed))
    let study = synthetic.study
    for (s, series) in (study.slices + (study.aif.map { [$0] } ?? [])).enumerated() {
        let spacing = series.geometry.spacing
        let w = LVCentredMotionCorrection.window(of: series, sideMm: deep.sideMm, lvCentre: nil)
        guard w.pools != nil else { continue }  // no LV found: the product would register the whole image
        let crop = w.crop, centre = w.centre
        let window = try crop.crop(series)
        let configured = deep.windowConfiguration(configuration, crop: crop, lvCentre: centre, spacing: spacing)
        let corrector = deep.corrector(spacing: spacing, lvCentre: centre, configuration: configured)
        // Stage 1 as the product runs it, then the stage-2 PCA reference of its output.
        let dynamic = window.dynamicFrameIndices
        let native = (0..<window.frames).map { window.frame($0) }
        let reference = try corrector.referenceFrame(of: window)
        let affines = try corrector.stageOneAffines(native: native, dynamic: dynamic, reference: reference)
        let stage1Output = try window.warping(frames: dynamic, with: affines)
        let pca = try TemporalPCA.reference(of: stage1Output, components: configured.stage2Components, fittedFrames: dynamic, region: configured.region)
        // Pairs and targets on affine2's grid.
        let grid = deep.affine2.grid(centre: centre, spacing: spacing)
        let pairs = dynamic.map { AffinePair(fixed: pca.frame($0), moving: native[$0], initial: affines[$0]) }
        let x = try deep.affine2.inputs(pairs, grid: grid)
        let n = grid.size, plane = n * n
        let truth = synthetic.truth.series[s]
        let referenceField = truth.correctionField(frame: reference)
        for (i, f) in dynamic.enumerated() {
            moving += x.values[(2 * i) * plane..<(2 * i + 1) * plane]
            fixed += x.values[(2 * i + 1) * plane..<(2 * i + 2) * plane]
            targets += RefinementTarget.gridField(frameField: truth.correctionField(frame: f), referenceField: referenceField,
                                                  windowOffset: (crop.row0, crop.column0), affine: affines[f], grid: grid)
        }
        count += dynamic.count; size = n
    }
    print("study \(k + 1)/\(studyCount) (\(cases[k % cases.count].rawValue) \(seed)): \(count) pairs")
}
let temporary = out + ".partial"
do {
    let file = try HDF5File(path: temporary, mode: .truncate)
    try file.write("moving", values: moving, shape: [count, size, size], compress: true)
    try file.write("reference", values: fixed, shape: [count, size, size], compress: true)
    try file.write("true_ddf", values: targets, shape: [count, 2, size, size], compress: true)
    try file.setAttribute("format", "myoflow-stage-training-set")
    try file.setAttribute("stage", 2)
    try file.setAttribute("grid_pixel_mm", deep.affine2.gridPixelMm)
    try file.setAttribute("seed", Int(seedBase))
    try file.setAttribute("studies", studyCount)
    try file.setAttribute("models", [deep.affine1, deep.affine2].map { "\(($0.name as NSString).lastPathComponent) \($0.sha256 ?? "-")" }.joined(separator: ", "))
    try file.flush()
}
try FileManager.default.moveItem(atPath: temporary, toPath: out)
print("\(out): \(count) stage-2 pairs on a \(size)² grid of \(deep.affine2.gridPixelMm) mm from \(studyCount) studies (seeds \(seedBase)…)")
