import Foundation
import MyoFlowCore

/// `landmarks.json` of `myoflow segment` (docs/formats.md, "Segmentation output"): one entry per
/// slice, base → apex; positions are (row, column) native pixels of the reference frame, frames
/// 0-based over all frames (PD included); RV insertions are null when not found.
public struct SegmentationLandmarks: Codable, Sendable, Equatable {
    public struct Slice: Codable, Sendable, Equatable {
        public var slice: Int
        public var seriesInstanceUID: String
        public var referenceFrame: Int
        public var peakLVFrame: Int
        public var lvCentreRC: [Double]
        /// [row0, column0, row1, column1], inclusive; null without myocardium.
        public var boundingBoxRC: [Int]?
        public var rvInsertionAnteriorRC: [Double]?
        public var rvInsertionInferiorRC: [Double]?

        enum CodingKeys: String, CodingKey {
            case slice
            case seriesInstanceUID = "series_instance_uid"
            case referenceFrame = "reference_frame"
            case peakLVFrame = "peak_lv_frame"
            case lvCentreRC = "lv_center_rc"
            case boundingBoxRC = "bbox_rc"
            case rvInsertionAnteriorRC = "rv_insertion_anterior_rc"
            case rvInsertionInferiorRC = "rv_insertion_inferior_rc"
        }

        public init(slice: Int, seriesInstanceUID: String, anatomy: SliceAnatomy) {
            self.slice = slice
            self.seriesInstanceUID = seriesInstanceUID
            referenceFrame = anatomy.referenceFrame
            peakLVFrame = anatomy.peakLVFrame
            lvCentreRC = [anatomy.lvCentre.row, anatomy.lvCentre.column]
            boundingBoxRC = anatomy.boundingBox.map { [$0.row0, $0.column0, $0.row1, $0.column1] }
            rvInsertionAnteriorRC = anatomy.rvInsertions.map { [$0.anterior.row, $0.anterior.column] }
            rvInsertionInferiorRC = anatomy.rvInsertions.map { [$0.inferior.row, $0.inferior.column] }
        }

        // Explicit nulls: the contract has every key on every slice.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(slice, forKey: .slice)
            try c.encode(seriesInstanceUID, forKey: .seriesInstanceUID)
            try c.encode(referenceFrame, forKey: .referenceFrame)
            try c.encode(peakLVFrame, forKey: .peakLVFrame)
            try c.encode(lvCentreRC, forKey: .lvCentreRC)
            try c.encode(boundingBoxRC, forKey: .boundingBoxRC)
            try c.encode(rvInsertionAnteriorRC, forKey: .rvInsertionAnteriorRC)
            try c.encode(rvInsertionInferiorRC, forKey: .rvInsertionInferiorRC)
        }
    }

    public var slices: [Slice]

    public init(slices: [Slice]) { self.slices = slices }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
