// Validation of the learned slice-anatomy finder on held-out phantom studies (tools/bench/README.md).
//
//   swift run -c release SegmentationValidation [--seeds N] [--first-seed S] [--rotation random|none|DEG]
//                                               [--cases a,b,...] [--model-dir DIR] [--raw] [--verbose]
//                                               [--free-wall-mm W] [--views V] [--pixel-mm MM]
//
// For each named phantom case × seed (seeds 9001… are not among the training sets' subjects:
// those are records of `myoflow phantom --training-set`, a different generator path), every
// high-res slice: the study's FOV is rotated in-plane by a random angle drawn from the seed
// (`PhantomSpec.randomFOVRotationDeg`, uniform over the circle; `--rotation none` or a fixed
// angle instead), the series is brought into the reference geometry with the phantom's true
// correction fields (perfect motion correction; with --raw the frames are used as acquired and the
// truth is compared in the reference geometry anyway, which measures motion too), the finder runs,
// and the result is compared with the ground-truth scene: peak-LV frame error (frames),
// bounding-box Dice (tight box of the true myocardium), myocardium Dice, RV insertion error (mm,
// mean of anterior and inferior). Targets (issue 8): ≤ 1 frame, ≥ 0.93, ≥ 0.85, ≤ 3 mm.
//
// RV insertion diagnostics: each landmark's error split into a tangential part (along the
// epicardium, positive = beyond the true point, away from the RV: the contact arc too long) and a
// radial part (positive = outside the true point's radius), both about the true LV centre; per
// landmark and per slice level; and the same finder run on the TRUE labels (true myocardium, RV
// blood and LV centre), which separates the finder's geometry from the network's segmentation.
// `--pixel-mm MM` gives the high-res slices MM pixels over the same field of view (real scans:
// 1.2–3 mm).
import Foundation
import Anatomy
import MyoFlowCore
import Phantom
import Pipeline
import Preprocessing

enum RotationMode { case random, fixed(Double) }
var seeds = 4, firstSeed: UInt64 = 9001, modelDir: String?, raw = false, verbose = false
var rotation = RotationMode.random
var cases = PhantomCase.allCases
var freeWallMm: Double?, views: Int?, pixelMm: Double?
var args = CommandLine.arguments.dropFirst().makeIterator()
func fail(_ message: String) -> Never { FileHandle.standardError.write(Data("\(message)\n".utf8)); exit(2) }
while let a = args.next() {
    switch a {
    case "--seeds": seeds = Int(args.next() ?? "") ?? seeds
    case "--first-seed": firstSeed = UInt64(args.next() ?? "") ?? firstSeed
    case "--model-dir": modelDir = args.next()
    case "--raw": raw = true
    case "--verbose": verbose = true
    case "--rotation":
        let v = args.next() ?? ""
        if v == "random" { rotation = .random } else if v == "none" { rotation = .fixed(0) } else if let d = Double(v) { rotation = .fixed(d) } else {
            fail("--rotation needs random, none or degrees; got '\(v)'")
        }
    case "--views": guard let v = Int(args.next() ?? "") else { fail("--views needs a count") }; views = v
    case "--pixel-mm": guard let p = Double(args.next() ?? ""), p > 0.5, p < 10 else { fail("--pixel-mm needs a pixel size in mm") }; pixelMm = p
    case "--free-wall-mm": guard let w = Double(args.next() ?? "") else { fail("--free-wall-mm needs a number") }; freeWallMm = w
    case "--cases":
        do { cases = try (args.next() ?? "").split(separator: ",").map { try PhantomCase.named(String($0)) } } catch { fail("\(error)") }
    default: fail("unknown argument \(a)")
    }
}

var finder: LearnedSliceAnatomyFinder
do { finder = try LearnedSliceAnatomyFinder.load(modelDirectory: modelDir, workers: 2) } catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8)); exit(1)
}
if let freeWallMm { finder.rvFinder.freeWallMm = freeWallMm }
if let views { finder.testTimeViews = views }

func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }
func sd(_ v: [Double]) -> Double {
    guard v.count > 1 else { return .nan }
    let m = mean(v)
    return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
}

/// Signed error of one landmark about the true LV centre, mm.
struct LandmarkError {
    var distance: Double, tangential: Double, radial: Double
}

/// Errors of found RVIs against the truth; tangential sign: positive away from the RV.
func landmarkErrors(found: RVInsertions, truth: AHAGeometry, spacing: PixelSpacing) -> (anterior: LandmarkError, inferior: LandmarkError) {
    func mm(_ p: PixelPosition) -> (y: Double, x: Double) {
        ((p.row - truth.lvCentre.row) * spacing.rowMm, (p.column - truth.lvCentre.column) * spacing.columnMm)
    }
    let ta = mm(truth.anteriorRVInsertion), ti = mm(truth.inferiorRVInsertion)
    // The RV lies on the shorter arc between the two insertions: its middle is their bisector.
    let aa = atan2(ta.y, ta.x), ai = atan2(ti.y, ti.x)
    func error(_ p: PixelPosition, truePoint t: (y: Double, x: Double), other: Double) -> LandmarkError {
        let q = mm(p)
        let rt = (t.x * t.x + t.y * t.y).squareRoot(), rq = (q.x * q.x + q.y * q.y).squareRoot()
        let at = atan2(t.y, t.x)
        var d = atan2(q.y, q.x) - at
        d = atan2(sin(d), cos(d))
        // Direction from this insertion towards the other along the short (RV) arc.
        var towardOther = other - at
        towardOther = atan2(sin(towardOther), cos(towardOther))
        let away = towardOther > 0 ? -1.0 : 1.0
        let dx = q.x - t.x, dy = q.y - t.y
        return LandmarkError(distance: (dx * dx + dy * dy).squareRoot(), tangential: away * d * rt, radial: rq - rt)
    }
    return (error(found.anterior, truePoint: ta, other: ai), error(found.inferior, truePoint: ti, other: aa))
}

struct Tally {
    var antT: [Double] = [], antR: [Double] = [], antD: [Double] = []
    var infT: [Double] = [], infR: [Double] = [], infD: [Double] = []
    var byLevel: [SliceLevel: [Double]] = [:]
    var slice: [Double] = []
    var missing = 0
    mutating func add(_ e: (anterior: LandmarkError, inferior: LandmarkError), level: SliceLevel) {
        antT.append(e.anterior.tangential); antR.append(e.anterior.radial); antD.append(e.anterior.distance)
        infT.append(e.inferior.tangential); infR.append(e.inferior.radial); infD.append(e.inferior.distance)
        let s = (e.anterior.distance + e.inferior.distance) / 2
        slice.append(s)
        byLevel[level, default: []].append(s)
    }
    func report(_ title: String) -> String {
        var lines = [String(format: "%@: mean %.2f mm (SD %.2f), max %.2f over %d slices, %d without RVIs", title as NSString,
                            mean(slice), sd(slice), slice.max() ?? .nan, slice.count, missing)]
        lines.append(String(format: "    anterior: |e| %.2f mm, tangential %+.2f ± %.2f mm (+ = away from the RV), radial %+.2f ± %.2f mm",
                            mean(antD), mean(antT), sd(antT), mean(antR), sd(antR)))
        lines.append(String(format: "    inferior: |e| %.2f mm, tangential %+.2f ± %.2f mm, radial %+.2f ± %.2f mm",
                            mean(infD), mean(infT), sd(infT), mean(infR), sd(infR)))
        lines.append("    by level: " + SliceLevel.allCases.map { l in
            String(format: "%@ %.2f mm (n=%d)", l.rawValue as NSString, mean(byLevel[l] ?? []), byLevel[l]?.count ?? 0)
        }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}

var frameErrors: [Double] = [], boxDice: [Double] = [], myoDice: [Double] = []
/// Pixels of the found myocardial core (what MBF statistics use) by true label, pooled.
var coreByTrueLabel = [Int](repeating: 0, count: TissueLabel.allCases.count)
var network = Tally(), fromTruth = Tally()
var failures = 0, warned = 0, studies = 0, finderSeconds = 0.0
print("case        seed   rot°  slice  dFrame  boxDice  myoDice  RVI_mm (ant/inf)   trueLabels_RVI_mm  warnings")
for (ci, c) in cases.enumerated() {
    for s in 0..<seeds {
        let seed = firstSeed + UInt64(s)
        var spec = c.spec(seed: seed)
        switch rotation {
        case .random: spec.fovRotationDeg = PhantomSpec.randomFOVRotationDeg(seed: seed &* 31 &+ UInt64(ci))
        case .fixed(let d): spec.fovRotationDeg = d
        }
        if let pixelMm { spec.imaging = spec.imaging.withPixelSize(pixelMm) }
        guard let synthetic = try? StudySynthesizer.synthesize(spec) else { print("\(c.rawValue) \(seed): phantom failed"); continue }
        studies += 1
        for (k, var series) in synthetic.study.slices.enumerated() {
            let truth = synthetic.truth.series[k]
            if !raw {
                for f in 0..<series.frames { try! series.setFrame(f, to: truth.correctionField(frame: f).warp(series.frame(f))) }
            }
            let trueLabels = truth.scene.labels
            let trueMyo = trueLabels.mask(.myocardium)
            let spacing = series.geometry.spacing
            // The finder's geometry on the true labels.
            var trueText = "   –"
            if let centre = trueLabels.mask(.lvBlood).centroid,
               let r = finder.rvFinder.find(myocardium: trueMyo, rv: trueLabels.mask(.rvBlood),
                                            lvCentre: PixelPosition(row: centre.row, column: centre.column), geometry: series.geometry) {
                let e = landmarkErrors(found: r, truth: truth.scene.aha, spacing: spacing)
                fromTruth.add(e, level: truth.level)
                trueText = String(format: "%5.2f/%5.2f", e.anterior.distance, e.inferior.distance)
            } else { fromTruth.missing += 1 }
            do {
                let t0 = Date()
                let a = try finder.find(in: series, referenceFrame: nil)
                finderSeconds += Date().timeIntervalSince(t0)
                let dFrame = Double(abs(a.peakLVFrame - truth.peakLVFrame))
                let box = PixelBox(of: trueMyo, spacing: spacing)!
                let bd = a.boundingBox.map { $0.dice(box) } ?? 0
                let foundMyo = a.labels.mask(.myocardium)
                let md = foundMyo.dice(trueMyo)
                let core = MyocardialCore.mask(foundMyo, pixels: BorderMargin.automatic.steps(for: spacing))
                for i in core.values.indices where core.values[i] { coreByTrueLabel[Int(trueLabels.labels[i])] += 1 }
                var rviText = "     –     "
                if let r = a.rvInsertions {
                    let e = landmarkErrors(found: r, truth: truth.scene.aha, spacing: spacing)
                    network.add(e, level: truth.level)
                    rviText = String(format: "%5.2f/%5.2f", e.anterior.distance, e.inferior.distance)
                    if verbose {
                        print(String(format: "    ant t %+.2f r %+.2f   inf t %+.2f r %+.2f", e.anterior.tangential, e.anterior.radial,
                                     e.inferior.tangential, e.inferior.radial))
                    }
                } else { network.missing += 1 }
                frameErrors.append(dFrame); boxDice.append(bd); myoDice.append(md)
                if !a.warnings.isEmpty { warned += 1 }
                print(String(format: "%-12@%5d  %5.0f  %5d  %6.0f  %7.3f  %7.3f  %@        %@       %@", c.rawValue as NSString, Int(seed),
                             spec.fovRotationDeg, k, dFrame, bd, md, rviText as NSString, trueText as NSString,
                             a.warnings.joined(separator: "; ") as NSString))
            } catch {
                failures += 1
                print("\(c.rawValue) \(seed) slice \(k): ERROR \(error)")
            }
        }
    }
}
let rotationText: String
switch rotation {
case .random: rotationText = "random FOV rotation per study"
case .fixed(let d): rotationText = String(format: "FOV rotation %.1f°", d)
}
print(String(format: """

    %d studies, %d slices (%@, %@), %d errors, %d slices with warnings; finder %.0f ms per slice
    peak-LV frame error   mean %.2f frames (SD %.2f)   (target ≤ 1)
    bounding-box Dice     mean %.3f, min %.3f (target ≥ 0.93)
    myocardium Dice       mean %.3f, min %.3f (target ≥ 0.85)
    """, studies, frameErrors.count, (raw ? "frames as acquired" : "true motion correction applied") as NSString,
      rotationText as NSString, failures, warned, 1000 * finderSeconds / Double(max(1, frameErrors.count)),
      mean(frameErrors), sd(frameErrors), mean(boxDice), boxDice.min() ?? .nan, mean(myoDice), myoDice.min() ?? .nan))
let coreTotal = max(1, coreByTrueLabel.reduce(0, +))
print(String(format: "myocardial core       %d pixels (what segment MBF uses): %.1f %% true myocardium, %.1f %% LV blood, %.1f %% RV blood, %.1f %% background",
             coreTotal, 100 * Double(coreByTrueLabel[2]) / Double(coreTotal), 100 * Double(coreByTrueLabel[1]) / Double(coreTotal),
             100 * Double(coreByTrueLabel[3]) / Double(coreTotal), 100 * Double(coreByTrueLabel[0]) / Double(coreTotal)))
print(network.report("RV insertion error    (target ≤ 3 mm)"))
print(fromTruth.report("RVI from TRUE labels  (finder geometry only)"))
