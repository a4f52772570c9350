import DICOM
import MyoFlowCore

/// Which header field gave a group's frame times.
public enum TimeSource: String, Sendable, Codable {
    case acquisitionDateTime = "AcquisitionDateTime"
    case acquisitionTime = "AcquisitionTime"
    case contentTime = "ContentTime"
    case triggerTime = "TriggerTime (cumulative)"
    case niftiTimeStep = "NIfTI pixdim[4]"
    case archive = "myoflow archive"
}

/// The frames of one slice position of one series, ordered in time: a candidate high-res slice
/// or AIF series. A DICOM series holding several slice positions yields one group per position.
public struct SeriesGroup: Sendable {
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var seriesNumber: Int?
    public var seriesDescription: String
    /// 0-based position of this group within its series when the series was split, else nil.
    public var positionInSeries: Int?
    /// Frames in acquisition order.
    public var frames: [DICOMFrame]
    /// Frame times in seconds on the study's common time base (not yet relative to the study start).
    public var timesSeconds: [Double]
    public var timeSource: TimeSource
    /// Leading frames that came from a separate PD series merged into this group (0 if none).
    public var mergedPDFrames = 0
    public var rows: Int { frames.first?.rows ?? 0 }
    public var columns: Int { frames.first?.columns ?? 0 }

    /// A label for messages: "series 5" or "series 5 position 2" (UID when no number).
    public var label: String {
        let base = seriesNumber.map { "series \($0)" } ?? "series \(seriesInstanceUID)"
        return positionInSeries.map { "\(base) position \($0)" } ?? base
    }

    public var pixelSpacing: PixelSpacing? { frames.first?.pixelSpacing }

    /// Unit slice normal from ImageOrientationPatient, nil when orientation is missing.
    public var normal: SIMD3<Double>? {
        guard let r = frames.first?.rowDirection, let c = frames.first?.columnDirection else { return nil }
        return SliceGeometry(rowDirection: r, columnDirection: c, spacing: PixelSpacing(isotropicMm: 1)).normal
    }

    /// Median of a per-frame value over the given frames (nil when none has it).
    func median(_ value: (DICOMFrame) -> Double?, frames indices: [Int]? = nil) -> Double? {
        let list = (indices ?? Array(frames.indices)).compactMap { frames.indices.contains($0) ? value(frames[$0]) : nil }.sorted()
        guard !list.isEmpty else { return nil }
        return list.count % 2 == 1 ? list[list.count / 2] : 0.5 * (list[list.count / 2 - 1] + list[list.count / 2])
    }
}
