import Foundation
import Phantom
import Pipeline
import XCTest

final class DemoRunnerTests: XCTestCase {
    /// The demo on a motion-free stress-LAD phantom (no MoCo, to keep the test fast): study,
    /// analysis and a ground-truth comparison whose errors are the measured vs true segment MBF.
    func testDemoWritesStudyAnalysisAndGroundTruthComparison() throws {
        let out = NSTemporaryDirectory() + "myoflow-demo-\(UUID().uuidString.prefix(8))"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: out) }
        let spec = PhantomRuns.ladStillSpec
        let synthetic = try StudySynthesizer.synthesize(spec)
        var options = AnalysisOptions(motionCorrection: .none)
        options.modelsDirectory = "/nonexistent-models"
        let outcome = try DemoRunner.run(out: out, spec: spec, options: options, finder: PhantomTruthAnatomyFinder(synthetic: synthetic))
        for file in ["report.html", "segments.csv", "provenance.json", "study/study.h5", "study/ground_truth.h5", "ground_truth_comparison.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + file), file)
        }
        let rows = try String(contentsOfFile: out + "/ground_truth_comparison.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.first, "segment,true_mbf_ml_min_g,measured_mbf_ml_min_g,error_percent")
        XCTAssertEqual(rows.count, 17)
        for (i, row) in rows.dropFirst().enumerated() {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let truth = Double(f[1])!, measured = Double(f[2])!, error = Double(f[3])!
            XCTAssertEqual(truth, synthetic.truth.segmentMBF[i], accuracy: 1e-3)
            // The CSV rounds MBF to 3 and the error to 1 decimal: up to ~0.25 points apart.
            XCTAssertEqual(error, 100 * (measured - truth) / truth, accuracy: 0.25)
            XCTAssertLessThan(abs(error), 25, "segment \(i + 1)")
        }
        XCTAssertEqual(outcome.result.ischaemicTerritories, [.lad])
    }
}
