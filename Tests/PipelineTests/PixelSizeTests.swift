import MyoFlowCore
import Phantom
import Pipeline
import XCTest

/// The chain at the ends of the pixel-size range real scans have (1.2–3 mm): the automatic border
/// margin turns into two erosion steps at 1.2 mm and one at 3 mm, and 3 mm walls (2–4 pixels)
/// draw the partial-volume warning that 1.2 mm walls do not.
final class PixelSizeTests: XCTestCase {
    func run(pixelMm: Double) throws -> AnalysisResult {
        var spec = PhantomCase.staticReference.spec(seed: 23)
        spec.dynamicFrameCount = 24
        spec.imaging = spec.imaging.withPixelSize(pixelMm)
        let synthetic = try StudySynthesizer.synthesize(spec)
        XCTAssertEqual(synthetic.study.slices[0].geometry.spacing, PixelSpacing(isotropicMm: pixelMm))
        var options = AnalysisOptions(motionCorrection: .none)
        options.modelsDirectory = "/nonexistent-models"
        return try AnalysisPipeline.run(input: .study(synthetic.study), options: options, finder: PhantomTruthAnatomyFinder(synthetic: synthetic))
    }

    func core(_ result: AnalysisResult) -> String? {
        result.provenance.entries.first { $0.key == "statistics core" }?.value
    }

    func testFinePixelsGetTwoStepsAndNoWallWarning() throws {
        let result = try run(pixelMm: 1.2)
        XCTAssertEqual(core(result)?.contains(": 2, 2, 2 step(s) per slice"), true, core(result) ?? "no provenance")
        XCTAssertFalse(result.warnings.contains { $0.contains("myocardial wall spans only") }, "\(result.warnings)")
        XCTAssertEqual(result.segments.compactMap(\.valueMlPerMinPerG).count, 16)
    }

    func testCoarsePixelsGetOneStepAndTheWallWarning() throws {
        let result = try run(pixelMm: 3)
        XCTAssertEqual(core(result)?.contains(": 1, 1, 1 step(s) per slice"), true, core(result) ?? "no provenance")
        let thin = result.warnings.filter { $0.contains("myocardial wall spans only") && $0.contains("at 3.0 mm pixels") }
        XCTAssertFalse(thin.isEmpty, "\(result.warnings)")
        XCTAssertEqual(result.segments.compactMap(\.valueMlPerMinPerG).count, 16)
    }
}
