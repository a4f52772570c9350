import Foundation
import MotionCorrection
import MyoFlowCore
import Phantom
import Pipeline
import Preprocessing
import XCTest

/// A finder that records the series and reference frame it is asked for (ground-truth labels).
private final class RecordingFinder: SliceAnatomyFinder, @unchecked Sendable {
    let truth: PhantomTruthAnatomyFinder
    var requests: [(series: ImageSeries, referenceFrame: Int?)] = []
    init(_ synthetic: SyntheticStudy) { truth = PhantomTruthAnatomyFinder(synthetic: synthetic) }
    func find(in series: ImageSeries, referenceFrame: Int?) throws -> SliceAnatomy {
        requests.append((series, referenceFrame))
        return try truth.find(in: series, referenceFrame: referenceFrame)
    }
}

/// `SegmentationRun` (`myoflow segment`): with MoCo the finder gets the corrected series at the
/// MoCo reference frame; without, the series as acquired and no reference (its peak-LV frame).
final class SegmentationRunTests: XCTestCase {
    private func study() throws -> SyntheticStudy {
        var spec = PhantomCase.stressLAD.spec(seed: 33)
        spec.dynamicFrameCount = 20
        spec.pdFrameCount = 1
        return try StudySynthesizer.synthesize(spec)
    }

    func testIterativeSegmentsTheCorrectedSeriesAtTheMocoReference() throws {
        let synthetic = try study()
        let finder = RecordingFinder(synthetic)
        let run = try SegmentationRun(motionCorrection: .iterative)
        let result = try run.run(synthetic.study, finder: finder)
        XCTAssertEqual(result.method, .iterative)
        XCTAssertEqual(finder.requests.count, 3, "the AIF series is not segmented")
        for (k, slice) in result.slices.enumerated() {
            let native = synthetic.study.slices[k]
            let reference = native.dynamicFrameIndices[native.dynamicFrameIndices.count - 11]  // the seed's MoCo reference
            XCTAssertEqual(finder.requests[k].referenceFrame, reference)
            XCTAssertEqual(slice.mocoReferenceFrame, reference)
            XCTAssertEqual(slice.anatomy.referenceFrame, reference)
            // The corrected series: same grid, different pixels where the phantom moved.
            XCTAssertEqual([slice.series.frames, slice.series.rows, slice.series.columns], [native.frames, native.rows, native.columns])
            XCTAssertEqual(finder.requests[k].series.pixels, slice.series.pixels)
            XCTAssertNotEqual(slice.series.pixels, native.pixels)
        }
        XCTAssertTrue(result.warnings.allSatisfy { $0.hasPrefix("slice 1: ") || $0.hasPrefix("slice 2: ") || $0.hasPrefix("slice 3: ") }, "\(result.warnings)")
    }

    func testAutoResolvesAsAnalyzeDoes() throws {
        let run = try SegmentationRun(motionCorrection: .automatic, modelsDirectory: MotionCorrectionSelectionTests.models)
        XCTAssertFalse(ModelAvailability.deepIsAutomaticDefault)
        XCTAssertEqual(run.method, .iterative)
        XCTAssertEqual(run.selectionWarning, ModelAvailability.deepNotYetDefault)
    }

    func testNoneSegmentsTheFramesAsAcquired() throws {
        let synthetic = try study()
        let finder = RecordingFinder(synthetic)
        let result = try SegmentationRun(motionCorrection: .none).run(synthetic.study, finder: finder)
        XCTAssertEqual(result.method, .none)
        for (k, slice) in result.slices.enumerated() {
            XCTAssertNil(finder.requests[k].referenceFrame)
            XCTAssertNil(slice.mocoReferenceFrame)
            XCTAssertEqual(slice.series.pixels, synthetic.study.slices[k].pixels)
            XCTAssertEqual(slice.anatomy.referenceFrame, synthetic.truth.series[k].peakLVFrame)
        }
    }

    func testDeepWithoutModelsFailsBeforeAnyWork() {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-models-\(UUID().uuidString)").path
        XCTAssertThrowsError(try SegmentationRun(motionCorrection: .deep, modelsDirectory: empty)) { error in
            XCTAssertTrue("\(error)".contains("affine1.h5") && "\(error)".contains("--moco iterative"), "\(error)")
        }
    }
}
