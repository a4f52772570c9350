import DICOM
import Foundation
import MyoFlowCore

/// Writes a synthetic study as classic MR Image Storage files (one per frame), the way scanners
/// export perfusion series: `DIR/series_NN/IMG_FFFF.dcm`, series 1–3 the high-res slices (base →
/// apex), series 4 the AIF slice. Frame timing goes into AcquisitionTime (seconds of day) and
/// TriggerTime (ms after the R-wave); TS into InversionTime; PD frames carry the PD flip angle.
/// Pixels are uint16 with a per-series RescaleSlope so the full range is kept.
public enum DICOMExport {
    public static func write(_ study: SyntheticStudy, to directory: String) throws {
        try AtomicOutput.write(to: directory) { temporary in
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
            let all = study.study.slices + (study.study.aif.map { [$0] } ?? [])
            let writer = DICOMWriter()
            let rWaves = study.truth.timeline.rWaveS
            for (k, series) in all.enumerated() {
                let folder = temporary + String(format: "/series_%02d", k + 1)
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let maximum = Double(series.pixels.max() ?? 1)
                let slope = max(maximum, 1) / 60_000
                for f in 0..<series.frames {
                    let pd = series.pdFrameIndices.contains(f)
                    let time = series.timesSeconds[f]
                    let beat = rWaves.lastIndex { $0 <= time + 1e-9 } ?? 0
                    let start = series.frame(f).pixels
                    let spec = MRImageSpec(
                        studyInstanceUID: study.study.studyInstanceUID, seriesInstanceUID: series.seriesInstanceUID,
                        sopInstanceUID: series.seriesInstanceUID + ".\(f + 1)", seriesNumber: k + 1, instanceNumber: f + 1,
                        seriesDescription: series.seriesDescription, rows: series.rows, columns: series.columns, pixels: start,
                        geometry: series.geometry, acquisitionSecondsOfDay: 10 * 3600 + time,
                        triggerTimeMs: (time - rWaves[beat]) * 1000,
                        flipAngleDeg: pd ? series.sequence.pdFlipAngleDeg : series.sequence.flipAngleDeg,
                        saturationTimeMs: pd ? nil : series.sequence.saturationTimeMs,
                        repetitionTimeMs: series.sequence.repetitionTimeMs, echoTimeMs: series.sequence.echoTimeMs,
                        magneticFieldStrengthT: study.study.parameters.fieldStrengthT,
                        patientName: "PHANTOM^\(study.truth.spec.name.uppercased())", patientID: "PHANTOM-\(study.truth.spec.seed)",
                        rescaleSlope: slope)
                    do {
                        try writer.write(spec.dataSet(), to: folder + String(format: "/IMG_%04d.dcm", f + 1))
                    } catch {
                        throw PhantomError.writeFailed(path: folder, detail: "\(error)")
                    }
                }
            }
        }
    }
}
