import Anatomy
import Foundation
import Phantom
import Pipeline
import XCTest

/// The moving stress-LAD phantom: MBF without motion correction vs the iterative baseline
/// (the deep arm has no models here and must say so).
final class CompareRunnerTests: XCTestCase {
    func testMotionCorrectionReducesSegmentErrorOnMovingPhantom() throws {
        var spec = PhantomCase.stressLAD.spec(seed: 13)
        spec.dynamicFrameCount = 45  // keeps the test's iterative MoCo affordable; the first pass fits easily
        let synthetic = try StudySynthesizer.synthesize(spec)
        var options = AnalysisOptions()
        options.modelsDirectory = "/nonexistent-models"
        let arms = try CompareRunner.run(input: .study(synthetic.study), options: options, finder: PhantomTruthAnatomyFinder(synthetic: synthetic))
        XCTAssertEqual(arms.map(\.method), [.none, .deep, .iterative])
        XCTAssertNil(arms[1].result)
        XCTAssertTrue(arms[1].skipped?.contains("affine1.h5") == true)
        let truth = synthetic.truth.segmentMBF
        let none = try XCTUnwrap(arms[0].result), iterative = try XCTUnwrap(arms[2].result)
        func mae(_ r: AnalysisResult) -> Double { let e = r.relativeErrors(truth: truth); return e.reduce(0, +) / Double(max(1, e.count)) }
        print(String(format: "moving stress-LAD: per-segment MBF MAE no MoCo %.1f%%, iterative %.1f%%", 100 * mae(none), 100 * mae(iterative)))
        XCTAssertEqual(iterative.motionMethod, .iterative)
        XCTAssertGreaterThan(mae(none), 1.5 * mae(iterative), "motion correction should visibly reduce the error")
        XCTAssertEqual(iterative.ischaemicTerritories, [.lad])
        // Seed QA metric: correction smooths the time–intensity curves.
        for s in iterative.slices {
            XCTAssertLessThan(try XCTUnwrap(s.ticSmoothnessCorrected), try XCTUnwrap(s.ticSmoothnessRaw), s.level.rawValue)
        }
        let csv = CompareRunner.csv(arms).split(separator: "\n")
        XCTAssertEqual(csv.count, 1 + 2 * 16)
        XCTAssertTrue(csv[0].hasPrefix("method,segment,name,territory,mbf_mean"))
        let html = CompareRunner.html(arms)
        XCTAssertTrue(html.contains("affine1.h5"))
        XCTAssertEqual(html.components(separatedBy: "class=\"segment\"").count - 1, 32)
    }
}
