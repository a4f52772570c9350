// Validation of the learned slice-anatomy finder on held-out phantom studies (tools/bench/README.md).
//
//   swift run -c release SegmentationValidation [--seeds N] [--first-seed S] [--model-dir DIR] [--raw]
//
// For each named phantom case × seed, every high-res slice: the series is brought into the
// reference geometry with the phantom's true correction fields (perfect motion correction; with
// --raw the frames are used as acquired and the truth is compared in the reference geometry
// anyway, which measures motion too), the finder runs, and the result is compared with the
// ground-truth scene: peak-LV frame error (frames), bounding-box Dice (tight box of the true
// myocardium), myocardium Dice, RV insertion error (mm, mean of anterior and inferior).
// Targets: ≤ 1 frame, ≥ 0.93, ≥ 0.85, ≤ 3 mm.
import Foundation
import MyoFlowCore
import Phantom
import Preprocessing

var seeds = 4, firstSeed: UInt64 = 9001, modelDir: String?, raw = false
var args = CommandLine.arguments.dropFirst().makeIterator()
while let a = args.next() {
    switch a {
    case "--seeds": seeds = Int(args.next() ?? "") ?? seeds
    case "--first-seed": firstSeed = UInt64(args.next() ?? "") ?? firstSeed
    case "--model-dir": modelDir = args.next()
    case "--raw": raw = true
    default: FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8)); exit(2)
    }
}

let finder: LearnedSliceAnatomyFinder
do { finder = try LearnedSliceAnatomyFinder.load(modelDirectory: modelDir, workers: 2) } catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8)); exit(1)
}

func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }
var frameErrors: [Double] = [], boxDice: [Double] = [], myoDice: [Double] = [], rviErrors: [Double] = []
var failures = 0, warned = 0, studies = 0
print("case        seed  slice  dFrame  boxDice  myoDice  RVI_mm  warnings")
for c in PhantomCase.allCases {
    for s in 0..<seeds {
        let seed = firstSeed + UInt64(s)
        guard let synthetic = try? StudySynthesizer.synthesize(c.spec(seed: seed)) else { print("\(c.rawValue) \(seed): phantom failed"); continue }
        studies += 1
        for (k, var series) in synthetic.study.slices.enumerated() {
            let truth = synthetic.truth.series[k]
            if !raw {
                for f in 0..<series.frames { try! series.setFrame(f, to: truth.correctionField(frame: f).warp(series.frame(f))) }
            }
            let trueMyo = truth.scene.labels.mask(.myocardium)
            let spacing = series.geometry.spacing
            do {
                let a = try finder.find(in: series, referenceFrame: raw ? nil : nil)
                let dFrame = Double(abs(a.peakLVFrame - truth.peakLVFrame))
                let box = PixelBox(of: trueMyo, spacing: spacing)!
                let bd = a.boundingBox.map { $0.dice(box) } ?? 0
                let md = a.labels.mask(.myocardium).dice(trueMyo)
                var rvi = Double.nan
                if let r = a.rvInsertions {
                    func mm(_ p: PixelPosition, _ q: PixelPosition) -> Double {
                        let dr = (p.row - q.row) * spacing.rowMm, dc = (p.column - q.column) * spacing.columnMm
                        return (dr * dr + dc * dc).squareRoot()
                    }
                    rvi = (mm(r.anterior, truth.scene.aha.anteriorRVInsertion) + mm(r.inferior, truth.scene.aha.inferiorRVInsertion)) / 2
                    rviErrors.append(rvi)
                }
                frameErrors.append(dFrame); boxDice.append(bd); myoDice.append(md)
                if !a.warnings.isEmpty { warned += 1 }
                print(String(format: "%-12@%5d  %5d  %6.0f  %7.3f  %7.3f  %6.2f  %@", c.rawValue as NSString, Int(seed), k, dFrame, bd, md, rvi,
                             a.warnings.joined(separator: "; ") as NSString))
            } catch {
                failures += 1
                print("\(c.rawValue) \(seed) slice \(k): ERROR \(error)")
            }
        }
    }
}
let rviMissing = frameErrors.count - rviErrors.count
print(String(format: """

    %d studies, %d slices (%@), %d errors, %d slices with warnings
    peak-LV frame error   mean %.2f frames   (target ≤ 1)
    bounding-box Dice     mean %.3f, min %.3f (target ≥ 0.93)
    myocardium Dice       mean %.3f, min %.3f (target ≥ 0.85)
    RV insertion error    mean %.2f mm, max %.2f mm over %d slices, %d without RVIs (target ≤ 3 mm)
    """, studies, frameErrors.count, (raw ? "frames as acquired" : "true motion correction applied") as NSString, failures, warned,
      mean(frameErrors), mean(boxDice), boxDice.min() ?? .nan, mean(myoDice), myoDice.min() ?? .nan,
      mean(rviErrors), rviErrors.max() ?? .nan, rviErrors.count, rviMissing))
