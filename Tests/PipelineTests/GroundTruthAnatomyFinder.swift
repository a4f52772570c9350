import Foundation
import MotionCorrection
import MyoFlowCore
import Phantom
import Preprocessing

/// Test-only anatomy finder: the phantom's true labels, LV centre and RV insertion points, moved
/// into the geometry of the requested frame by the phantom's true motion. Legitimate for testing
/// the chain downstream of segmentation; never used by the product.
struct GroundTruthAnatomyFinder: SliceAnatomyFinder {
    let synthetic: SyntheticStudy

    func find(in series: ImageSeries, referenceFrame: Int?) throws -> SliceAnatomy {
        guard let index = synthetic.study.slices.firstIndex(where: { $0.seriesInstanceUID == series.seriesInstanceUID }) else {
            throw PipelineTestError.unknownSeries(series.seriesInstanceUID)
        }
        let truth = synthetic.truth.series[index]
        let frame = referenceFrame ?? truth.peakLVFrame
        // Correction field u: reference(q) = frame(q + u(q)); the frame-space labels are the
        // reference labels pulled back through the inverse field w (frame p ↔ reference p + w(p)).
        let u = truth.correctionField(frame: frame)
        let w = FieldInversion.inverse(of: u)
        let labels = try w.warp(truth.scene.labels)
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

enum PipelineTestError: Error { case unknownSeries(String) }
