import Anatomy
import MyoFlowCore
import Phantom
import Pipeline
import Preprocessing
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

    /// Four slices (the static phantom's mid slice twice): levels basal, mid, mid, apical without a
    /// warning, and the mid segments pool both mid slices' pixels (twice those of one).
    func testFourSlicesPoolTheirMidLevel() throws {
        var spec = PhantomCase.staticReference.spec(seed: 22)
        spec.dynamicFrameCount = 24
        let synthetic = try StudySynthesizer.synthesize(spec)
        let full = synthetic.study
        var copy = full.slices[1]
        copy.seriesInstanceUID += ".copy"
        let study = try PerfusionStudy(slices: [full.slices[0], full.slices[1], copy, full.slices[2]], aif: full.aif,
                                       parameters: full.parameters, provenance: full.provenance, studyInstanceUID: full.studyInstanceUID)
        var options = AnalysisOptions(motionCorrection: .none)
        options.modelsDirectory = "/nonexistent-models"
        let three = try AnalysisPipeline.run(input: .study(full), options: options, finder: PhantomTruthAnatomyFinder(synthetic: synthetic))
        let four = try AnalysisPipeline.run(input: .study(study), options: options, finder: CopiedSliceFinder(truth: PhantomTruthAnatomyFinder(synthetic: synthetic)))
        XCTAssertEqual(four.slices.map(\.level), [.basal, .mid, .mid, .apical])
        XCTAssertFalse(four.warnings.contains { $0.contains("--levels") })
        for (a, b) in zip(three.segments, four.segments) {
            let n = a.segment.number
            XCTAssertEqual(b.validPixels + b.rejectedPixels, (7...12).contains(n) ? 2 * (a.validPixels + a.rejectedPixels) : a.validPixels + a.rejectedPixels, "segment \(n)")
            XCTAssertEqual(try XCTUnwrap(b.valueMlPerMinPerG), try XCTUnwrap(a.valueMlPerMinPerG), accuracy: 1e-9, "segment \(n)")
        }
    }
}

/// The phantom's truth for a study holding a copy of one of its slices (UID + ".copy").
private struct CopiedSliceFinder: SliceAnatomyFinder {
    let truth: PhantomTruthAnatomyFinder
    func find(in series: ImageSeries, referenceFrame: Int?) throws -> SliceAnatomy {
        var original = series
        if original.seriesInstanceUID.hasSuffix(".copy") { original.seriesInstanceUID.removeLast(5) }
        return try truth.find(in: original, referenceFrame: referenceFrame)
    }
}
