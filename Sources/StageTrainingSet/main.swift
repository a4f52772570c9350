// StageTrainingSet: training pairs for a refining network of the deep chain exactly as the product
// gives them. Phantom studies with motion go through the deep chain in the 200 mm LV window.
// --stage 2 (affine2): each dynamic frame's pair is the native frame seen through its stage-1
// affine and its frame of the 3-component PCA reference of the stage-1 output.
// --stage 3 (the LocalNet): the native frame through its (gated) stage-2 affine and its frame of
// the 2-component PCA reference of the stage-2 output, on the product's stage-3 grid
// (`stage3GridPixelMm`); frames the outlier check flags are left out, as the product skips them.
// Pairs are resampled onto the network's grid and normalised by `RegistrationNetwork.inputs` (the
// engine's own code); the target is the true residual field on that grid (`RefinementTarget`).
// Networks trained on the phantom's ideal references do nothing on these inputs (tools/bench/README.md, `--stages`).
// Usage: StageTrainingSet --out FILE.h5 [--stage 2|3] [--studies N] [--seed S] [--models DIR]
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
let stage = option("--stage").flatMap(Int.init) ?? 2
guard stage == 2 || stage == 3 else { fail("--stage must be 2 or 3") }
let cases: [PhantomCase] = [.stressLAD, .hard, .stressLCx, .restNormal, .stressRCA]
var configuration = MotionCorrectionConfiguration()
configuration.alignPDFrames = false  // stage 3's inputs do not depend on the PD frames
let network = stage == 2 ? deep.affine2 : deep.nonrigid
let gridPixelMm = stage == 2 ? network.gridPixelMm : deep.stage3GridPixelMm ?? network.gridPixelMm

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
        let dynamic = window.dynamicFrameIndices
        let native = (0..<window.frames).map { window.frame($0) }
        let reference = try corrector.referenceFrame(of: window)
        let affines: [AffineTransform2D], pca: ImageSeries, frames: [Int]
        if stage == 2 {
            // Stage 1 as the product runs it, then the stage-2 PCA reference of its output.
            affines = try corrector.stageOneAffines(native: native, dynamic: dynamic, reference: reference)
            let stage1Output = try window.warping(frames: dynamic, with: affines)
            pca = try TemporalPCA.reference(of: stage1Output, components: configured.stage2Components, fittedFrames: dynamic, region: configured.region)
            frames = dynamic
        } else {
            // The whole chain as the product runs it; its dynamic affines are stage 2's.
            let registration = try corrector.correct(window)
            affines = registration.affines
            let stage2Output = try window.warping(frames: dynamic, with: affines)
            pca = try TemporalPCA.reference(of: stage2Output, components: configured.stage3Components, fittedFrames: dynamic, region: configured.region)
            let flagged = Set(registration.outliers.flaggedFrames)
            frames = dynamic.filter { !flagged.contains($0) }
        }
        // Pairs and targets on the network's grid.
        let grid = network.grid(centre: centre, spacing: spacing, pixelMm: gridPixelMm)
        let pairs = frames.map { AffinePair(fixed: pca.frame($0), moving: native[$0], initial: affines[$0]) }
        let x = try network.inputs(pairs, grid: grid)
        let n = grid.size, plane = n * n
        let truth = synthetic.truth.series[s]
        let referenceField = truth.correctionField(frame: reference)
        for (i, f) in frames.enumerated() {
            moving += x.values[(2 * i) * plane..<(2 * i + 1) * plane]
            fixed += x.values[(2 * i + 1) * plane..<(2 * i + 2) * plane]
            targets += RefinementTarget.gridField(frameField: truth.correctionField(frame: f), referenceField: referenceField,
                                                  windowOffset: (crop.row0, crop.column0), affine: affines[f], grid: grid)
        }
        count += frames.count; size = n
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
    try file.setAttribute("stage", stage)
    try file.setAttribute("grid_pixel_mm", gridPixelMm)
    try file.setAttribute("seed", Int(seedBase))
    try file.setAttribute("studies", studyCount)
    try file.setAttribute("models", (stage == 2 ? [deep.affine1, deep.affine2] : [deep.affine1, deep.affine2, deep.nonrigid]).map { "\(($0.name as NSString).lastPathComponent) \($0.sha256 ?? "-")" }.joined(separator: ", "))
    try file.flush()
}
try FileManager.default.moveItem(atPath: temporary, toPath: out)
print("\(out): \(count) stage-\(stage) pairs on a \(size)² grid of \(gridPixelMm) mm from \(studyCount) studies (seeds \(seedBase)…)")
