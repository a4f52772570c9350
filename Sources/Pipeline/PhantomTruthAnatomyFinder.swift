import Foundation
import MotionCorrection
import MyoFlowCore
import Phantom
import Preprocessing

/// The phantom's true labels, LV centre and RV insertion points, moved into the geometry of the
/// requested frame by the phantom's true motion: for tests and benchmarks of the chain downstream
/// of segmentation (`PipelineBenchmark`, `AcquisitionSweep`). Never used by the product.
public struct PhantomTruthAnatomyFinder: SliceAnatomyFinder {
    public let synthetic: SyntheticStudy

    public init(synthetic: SyntheticStudy) { self.synthetic = synthetic }

    public func find(in series: ImageSeries, referenceFrame: Int?) throws -> SliceAnatomy {
        guard let index = synthetic.study.slices.firstIndex(where: { $0.seriesInstanceUID == series.seriesInstanceUID }) else {
            throw PipelineError.stageFailed(stage: "anatomy", series: series.seriesInstanceUID, detail: "not a slice of this phantom study")
        }
        let truth = synthetic.truth.series[index]
        let frame = referenceFrame ?? truth.peakLVFrame
        // Correction field u: reference(q) = frame(q + u(q)); the frame-space labels are the
        // reference labels pulled back through the inverse field w (frame p ↔ reference p + w(p)).
        let u = truth.correctionField(frame: frame)
        let labels = try FieldInversion.inverse(of: u).warp(truth.scene.labels)
        func moved(_ q: PixelPosition) -> PixelPosition {
            let dr = Bilinear.sample(u.rowDisplacement, rows: u.rows, columns: u.columns, row: q.row, column: q.column)
            let dc = Bilinear.sample(u.columnDisplacement, rows: u.rows, columns: u.columns, row: q.row, column: q.column)
            return PixelPosition(row: q.row + Double(dr), column: q.column + Double(dc))
        }
        let aha = truth.scene.aha
        return SliceAnatomy(labels: labels, lvCentre: moved(aha.lvCentre),
                            rvInsertions: RVInsertions(anterior: moved(aha.anteriorRVInsertion), inferior: moved(aha.inferiorRVInsertion),
                                                       contactArcDegrees: 120),
                            peakLVFrame: truth.peakLVFrame, referenceFrame: frame, boundingBox: nil)
    }
}
