import Foundation
import Ingest
import MyoFlowCore
import Phantom
import Pipeline
import Preprocessing

/// Writes the outputs of `myoflow segment` (docs/formats.md, "Segmentation output") into a
/// folder: `segmentation/slice_<k>.nii.gz`, `landmarks.json`, `overlay_slice_<k>.png`, with
/// k = 1…n base → apex (as `myoflow moco` numbers its files).
enum SegmentationOutput {
    static func write(study: PerfusionStudy, result: SegmentationRun.Result, to directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/segmentation", withIntermediateDirectories: true)
        var entries: [SegmentationLandmarks.Slice] = []
        for (index, (series, segmented)) in zip(study.slices, result.slices).enumerated() {
            let k = index + 1
            let anatomy = segmented.anatomy
            try MapExport.writeNIfTI(anatomy.labels, geometry: series.geometry, to: "\(directory)/segmentation/slice_\(k).nii.gz")
            // The frame the labels describe: the corrected reference frame when MoCo ran.
            let png = overlay(segmented.series.frame(anatomy.referenceFrame), anatomy)
            try PNGWriter.write(path: "\(directory)/overlay_slice_\(k).png", rows: series.rows, columns: series.columns, colour: .rgb, pixels: png)
            entries.append(SegmentationLandmarks.Slice(slice: k, seriesInstanceUID: series.seriesInstanceUID, anatomy: anatomy))
        }
        try SegmentationLandmarks(slices: entries).json().write(to: URL(fileURLWithPath: directory + "/landmarks.json"))
    }

    /// The frame (0–99.5th percentile grey) with LV blood red, myocardium green, RV blue (35 %
    /// blend), the LV centre cyan and the anterior / inferior RV insertions yellow / magenta.
    static func overlay(_ image: Image2D, _ anatomy: SliceAnatomy) -> [UInt8] {
        let sorted = image.pixels.sorted()
        let lo = sorted.first ?? 0, hi = sorted.isEmpty ? 1 : sorted[min(sorted.count - 1, Int(0.995 * Double(sorted.count)))]
        let scale: Float = hi > lo ? 255 / (hi - lo) : 0
        var out = [UInt8](repeating: 0, count: image.pixels.count * 3)
        let tint: [[Float]] = [[0, 0, 0], [255, 40, 40], [40, 220, 40], [60, 90, 255]]
        for i in image.pixels.indices {
            let g = min(255, max(0, (image.pixels[i] - lo) * scale))
            let label = Int(anatomy.labels.labels[i])
            for ch in 0..<3 {
                let v = label > 0 && label < 4 ? 0.65 * g + 0.35 * tint[label][ch] : g
                out[i * 3 + ch] = UInt8(v.rounded())
            }
        }
        func mark(_ p: PixelPosition?, _ rgb: [UInt8]) {
            guard let p else { return }
            let r0 = Int(p.row.rounded()), c0 = Int(p.column.rounded())
            for d in -2...2 {
                for (r, c) in [(r0 + d, c0), (r0, c0 + d)] where r >= 0 && c >= 0 && r < image.rows && c < image.columns {
                    for ch in 0..<3 { out[(r * image.columns + c) * 3 + ch] = rgb[ch] }
                }
            }
        }
        mark(anatomy.lvCentre, [0, 255, 255])
        mark(anatomy.rvInsertions?.anterior, [255, 255, 0])
        mark(anatomy.rvInsertions?.inferior, [255, 0, 255])
        return out
    }
}
