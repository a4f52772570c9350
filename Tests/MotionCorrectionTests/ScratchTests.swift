import MotionCorrection
import MyoFlowCore
import XCTest

final class ScratchTests: XCTestCase {
    func testScratchStages() throws {
        let data = SyntheticPerfusion.make(dynamicFrames: 24, seed: 7, maxTranslation: 4)
        let n = 24
        func err(_ a: DisplacementField, _ f: Int) -> Double {
            MotionQualityMetrics.residualMotionRMS(estimated: a, truth: data.trueFields[f], mask: data.myocardium)
        }
        func line(_ name: String, _ fields: [DisplacementField]) {
            var l = name + ":"; var s = 0.0
            for f in 0..<n { let e = err(fields[f], f); s += e; l += String(format: " %.2f", e) }
            print(l + String(format: " mean %.3f", s / Double(n)))
        }
        let s1 = try (0..<n).map { try AffineRegistration.register(fixed: data.series.frame(13), moving: data.series.frame($0), options: IterativeMotionCorrection.stage1Options).transform }
        line("stage1", s1.map { $0.displacementField(rows: 64, columns: 64) })
        line("none", (0..<n).map { _ in DisplacementField(rows: 64, columns: 64) })
        for fs in [1.5, 3.0] { for us in [1.5, 3.0] { for fl: Float in [1e-5, 1e-3] { for st in [0.4, 0.2] {
        let result = try IterativeMotionCorrection.corrector(stage3: NonRigidRegistrationOptions(updateSigma: us, fieldSigma: fs, maxStepPixels: st, lnccVarianceFloor: fl)).correct(data.series)
        line("total fs\(fs) us\(us) fl\(fl) st\(st)", result.fields)
        } } } }
        let pca = try TemporalPCA(series: data.truth, components: 3)
        print("spectrum truth", pca.spectrum.prefix(6).map { String(format: "%.3g", $0) })
    }
}
