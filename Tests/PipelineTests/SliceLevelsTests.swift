import Anatomy
import MyoFlowCore
import Phantom
import Pipeline
import XCTest

final class SliceLevelsTests: XCTestCase {
    func testStackPositionsMapToLevels() {
        XCTAssertEqual(SliceLevels.levels(count: 3), [.basal, .mid, .apical])
        XCTAssertEqual(SliceLevels.levels(count: 4), [.basal, .mid, .mid, .apical])
        XCTAssertEqual(SliceLevels.levels(count: 6), [.basal, .basal, .mid, .mid, .apical, .apical])
        XCTAssertEqual(SliceLevels.levels(count: 1), [.mid])
        XCTAssertEqual(SliceLevels.levels(count: 0), [])
    }
}

/// Levels the user names replace the stack-position guess, which is flagged for one or two slices.
final class GivenSliceLevelsTests: XCTestCase {
    func testGivenLevelsMustMatchTheSlices() throws {
        XCTAssertEqual(try SliceLevels.levels(count: 2, given: [.basal, .mid]), [.basal, .mid])
        XCTAssertEqual(try SliceLevels.levels(count: 2, given: nil), [.basal, .apical])
        XCTAssertThrowsError(try SliceLevels.levels(count: 3, given: [.basal, .mid])) { error in
            XCTAssertTrue("\(error)".contains("--levels names 2 level(s) (basal, mid) but the study has 3 high-res slice(s)"), "\(error)")
        }
        XCTAssertNil(SliceLevels.note(count: 3))
        XCTAssertNil(SliceLevels.note(count: 4))
        XCTAssertEqual(SliceLevels.note(count: 1)?.contains("taken as mid"), true)
        XCTAssertEqual(SliceLevels.note(count: 2)?.contains("taken as basal, apical from the stack position"), true)
    }

    /// The static phantom's basal and mid slices alone: the stack position reads them as basal and
    /// apical (warned); `sliceLevels` puts the second where it belongs, and its six mid segments
    /// then match the truth.
    func testTwoSliceStudyWithGivenLevels() throws {
        var spec = PhantomCase.staticReference.spec(seed: 21)
        spec.dynamicFrameCount = 30
        let synthetic = try StudySynthesizer.synthesize(spec)
        let full = synthetic.study
        let study = try PerfusionStudy(slices: Array(full.slices.prefix(2)), aif: full.aif, parameters: full.parameters,
                                       provenance: full.provenance, studyInstanceUID: full.studyInstanceUID)
        var options = AnalysisOptions(motionCorrection: .none)
        options.modelsDirectory = "/nonexistent-models"
        let finder = PhantomTruthAnatomyFinder(synthetic: synthetic)
        let guessed = try AnalysisPipeline.run(input: .study(study), options: options, finder: finder)
        XCTAssertTrue(guessed.warnings.contains { $0.contains("2 high-res slices") && $0.contains("--levels") }, "\(guessed.warnings)")
        XCTAssertEqual(guessed.segments.filter { $0.valueMlPerMinPerG != nil }.map(\.segment.number), Array(1...6) + Array(13...16))

        options.sliceLevels = [.basal, .mid]
        let given = try AnalysisPipeline.run(input: .study(study), options: options, finder: finder)
        XCTAssertFalse(given.warnings.contains { $0.contains("--levels") })
        XCTAssertEqual(given.segments.filter { $0.valueMlPerMinPerG != nil }.map(\.segment.number), Array(1...12))
        let truth = synthetic.truth.segmentMBF
        for s in given.segments where (7...12).contains(s.segment.number) {
            let value = try XCTUnwrap(s.valueMlPerMinPerG)
            XCTAssertEqual(value / truth[s.segment.number - 1], 1, accuracy: 0.12, "segment \(s.segment.number)")
        }
        XCTAssertTrue(given.provenance.entries.contains { $0.key == "slice levels" && $0.value == "basal, mid (--levels)" && $0.overridden })
    }
}
