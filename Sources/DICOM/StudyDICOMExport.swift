import Foundation
import MyoFlowCore

/// Exports a `PerfusionStudy` as a DICOM folder the way scanners do: one classic MR Image Storage
/// file per frame, one series per slice (and one for the AIF), with the perfusion tags
/// (AcquisitionTime from `timesSeconds`, FlipAngle with the PD flip angle on PD frames,
/// saturation time as InversionTime on dynamic frames, TR, TE, field strength, geometry).
///
/// Pixels are stored as uint16 through RescaleSlope/Intercept spanning each series' value range,
/// so values come back within half a slope step. Used by the phantom to write synthetic studies.
public enum StudyDICOMExport {
    public struct Options: Sendable {
        public var writer: DICOMWriter.Options
        /// Clock time of the study's t = 0, seconds of day (times past midnight wrap, dates follow).
        public var startSecondsOfDay: Double
        /// Days since 1970-01-01 of the acquisition.
        public var dayNumber: Int
        public var patientName: String
        public var patientID: String

        public init(writer: DICOMWriter.Options = .init(), startSecondsOfDay: Double = 36_000, dayNumber: Int = 20_454,
                    patientName: String = "PHANTOM", patientID: String = "PHANTOM") {
            self.writer = writer
            self.startSecondsOfDay = startSecondsOfDay
            self.dayNumber = dayNumber
            self.patientName = patientName
            self.patientID = patientID
        }
    }

    /// Writes the study under `folder` (created): `slice_<k>/IM<frame>.dcm`, `aif/IM<frame>.dcm`.
    /// Returns the number of files written.
    @discardableResult
    public static func write(_ study: PerfusionStudy, to folder: String, options: Options = Options()) throws -> Int {
        let studyUID = study.studyInstanceUID.isEmpty ? "2.25.\(UInt64.random(in: 1...UInt64.max))" : study.studyInstanceUID
        let writer = DICOMWriter(options: options.writer)
        var count = 0
        let all = study.slices.enumerated().map { ("slice_\($0.offset + 1)", $0.element, $0.offset + 1) }
            + (study.aif.map { [("aif", $0, study.slices.count + 1)] } ?? [])
        for (name, series, number) in all {
            let dir = folder + "/" + name
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let seriesUID = series.seriesInstanceUID.isEmpty ? "\(studyUID).\(number)" : series.seriesInstanceUID
            let lo = Double(series.pixels.min() ?? 0), hi = Double(series.pixels.max() ?? 0)
            let slope = hi > lo ? (hi - lo) / 65_535 : 1
            let pd = Set(series.pdFrameIndices)
            for f in 0..<series.frames {
                let start = f * series.pixelsPerFrame
                let isPD = pd.contains(f)
                let spec = MRImageSpec(
                    studyInstanceUID: studyUID, seriesInstanceUID: seriesUID, sopInstanceUID: "\(seriesUID).\(f + 1)",
                    seriesNumber: number, instanceNumber: f + 1, seriesDescription: series.seriesDescription,
                    rows: series.rows, columns: series.columns, pixels: Array(series.pixels[start..<start + series.pixelsPerFrame]),
                    geometry: series.geometry, acquisitionDayNumber: options.dayNumber,
                    acquisitionSecondsOfDay: options.startSecondsOfDay + series.timesSeconds[f],
                    flipAngleDeg: isPD ? (series.sequence.pdFlipAngleDeg ?? series.sequence.flipAngleDeg) : series.sequence.flipAngleDeg,
                    saturationTimeMs: isPD ? nil : series.sequence.saturationTimeMs,
                    repetitionTimeMs: series.sequence.repetitionTimeMs, echoTimeMs: series.sequence.echoTimeMs,
                    magneticFieldStrengthT: study.parameters.fieldStrengthT,
                    patientName: options.patientName, patientID: options.patientID,
                    encoding: .uint16, rescaleSlope: slope, rescaleIntercept: lo)
                try writer.write(spec.dataSet(), to: String(format: "%@/IM%04d.dcm", dir, f + 1))
                count += 1
            }
        }
        return count
    }
}
