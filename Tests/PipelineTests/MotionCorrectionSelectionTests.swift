import Foundation
import MyoFlowCore
import Phantom
import Pipeline
import XCTest

/// Choosing the motion correction: `deep` runs the networks when their models are present, `auto`
/// runs the iterative baseline until the deep weights are validated (with a note saying so), and
/// `deep` with a missing or unusable model file is an error naming it.
final class MotionCorrectionSelectionTests: XCTestCase {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Models").path

    func testAutomaticRunsTheIterativeBaselineUntilTheDeepWeightsAreValidated() throws {
        XCTAssertFalse(ModelAvailability.deepIsAutomaticDefault)
        var spec = PhantomCase.stressLAD.spec(seed: 31)
        spec.dynamicFrameCount = 24
        let synthetic = try StudySynthesizer.synthesize(spec)
        var options = AnalysisOptions()
        options.modelsDirectory = Self.models
        let result = try AnalysisPipeline.run(input: .study(synthetic.study), options: options, finder: PhantomTruthAnatomyFinder(synthetic: synthetic))
        XCTAssertEqual(result.motionMethod, .iterative)
        XCTAssertTrue(result.warnings.contains(ModelAvailability.deepNotYetDefault), "\(result.warnings)")
    }

    func testDeepRunsTheNetworksWhenItsModelsArePresent() throws {
        XCTAssertTrue(ModelAvailability.deepMotionCorrectionAvailable(in: Self.models))
        XCTAssertEqual(ModelAvailability.missingDeepMotionCorrection(in: Self.models), [])
        var spec = PhantomCase.stressLAD.spec(seed: 31)
        spec.dynamicFrameCount = 24
        let synthetic = try StudySynthesizer.synthesize(spec)
        var options = AnalysisOptions(motionCorrection: .deep)
        options.modelsDirectory = Self.models
        let result = try AnalysisPipeline.run(input: .study(synthetic.study), options: options, finder: PhantomTruthAnatomyFinder(synthetic: synthetic))
        XCTAssertEqual(result.motionMethod, .deep)
        XCTAssertEqual(result.slices.map(\.motionMethod), [.deep, .deep, .deep])
        XCTAssertFalse(result.warnings.contains { $0.contains("unavailable") }, "\(result.warnings)")
        let recorded = result.provenance.entries.filter { $0.stage == "moco" && $0.key == "model" }.map(\.value)
        XCTAssertEqual(recorded.count, 3)
        for name in ["affine1.h5", "affine2.h5", "nonrigid.h5"] { XCTAssertTrue(recorded.contains { $0.contains(name) && $0.contains("sha256") }, "\(recorded)") }
        let grid = result.provenance.entries.filter { $0.stage == "moco" && $0.key == "non-rigid grid" }.map(\.value)
        XCTAssertEqual(grid, ["1.0 mm (trained at 1.0 mm)"])  // the shipped LocalNet trained on stage-3 pairs at the 1 mm grid
    }

    func testAGivenLVCentreIsMappedOntoTheAIFSeriesForDeepMoCo() throws {
        var spec = PhantomCase.stressLAD.spec(seed: 31)
        spec.dynamicFrameCount = 24
        let synthetic = try StudySynthesizer.synthesize(spec)
        let given = synthetic.truth.series[0].scene.aha.lvCentre
        let aifTruth = try XCTUnwrap(synthetic.truth.series.last).scene.aha.lvCentre
        for method in [MotionCorrectionChoice.deep, .iterative] {
            var options = AnalysisOptions(motionCorrection: method)
            options.modelsDirectory = Self.models
            options.lvCentre = PixelPosition(row: given.row, column: given.column)
            let result = try AnalysisPipeline.run(input: .study(synthetic.study), options: options, finder: PhantomTruthAnatomyFinder(synthetic: synthetic))
            let notes = result.warnings.filter { $0.hasPrefix("AIF: LV centre given") }
            guard method == .deep else { XCTAssertEqual(notes, [], "iterative corrects the AIF series on its whole image"); continue }
            XCTAssertEqual(notes.count, 1, "\(result.warnings)")
            // "… mapped to (row, col) …": the AIF slice's own LV centre within 3 of its pixels.
            let numbers = try XCTUnwrap(notes.first?.split(separator: "(").last?.split(separator: ")").first).split(separator: ",")
                .compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            XCTAssertEqual(numbers.count, 2)
            XCTAssertEqual(numbers[0], aifTruth.row, accuracy: 3)
            XCTAssertEqual(numbers[1], aifTruth.column, accuracy: 3)
        }
    }

    func testDeepWithAnUnusableModelFileNamesIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("moco-select-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        for name in ModelAvailability.deepMotionCorrectionFiles {
            try FileManager.default.copyItem(atPath: "\(Self.models)/\(name)", toPath: "\(folder)/\(name)")
        }
        try Data("corrupt".utf8).write(to: URL(fileURLWithPath: folder + "/affine2.h5"))
        var options = AnalysisOptions(motionCorrection: .deep)
        options.modelsDirectory = folder
        XCTAssertThrowsError(try AnalysisPipeline.checkMotionCorrection(options)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(folder + "/affine2.h5") && text.contains("--moco iterative"), text)
        }
        // `auto` falls back to the iterative method instead (with a warning in the report).
        options.motionCorrection = .automatic
        XCTAssertNoThrow(try AnalysisPipeline.checkMotionCorrection(options))
    }
}
