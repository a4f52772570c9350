// Ingest benchmark: writes a 4-series × 62-frame perfusion study (3 high-res slices 192×144 and
// a 96×72 AIF series, 248 classic MR files, explicit VR LE) to a temporary folder with the
// project's DICOM writer, then times `Ingest.load` (scan, parse, group, classify, build).
// Usage: swift run -c release IngestBenchmark [repetitions=5] [keep-folder]
// (with keep-folder the study is written there and kept, e.g. to try `myoflow inspect` on it)
import DICOM
import Foundation
import Ingest
import MyoFlowCore

let repetitions = max(1, CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5)
let frames = 62, slices = 3
let keep = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil
let dir = keep ?? FileManager.default.temporaryDirectory.path + "/myoflow-ingest-bench-" + UUID().uuidString.prefix(8)
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }

let normal = SIMD3<Double>(0.7, -0.5, -0.5) / (0.99).squareRoot()
let rowDir = SIMD3<Double>(0.5, 0.7, 0) / (0.74).squareRoot()
let colDir = SIMD3(normal.y * rowDir.z - normal.z * rowDir.y, normal.z * rowDir.x - normal.x * rowDir.z, normal.x * rowDir.y - normal.y * rowDir.x)
var files = 0
let writer = DICOMWriter()
for series in 0...slices {
    let aif = series == slices
    let (rows, columns, spacing) = aif ? (72, 96, 3.6) : (144, 192, 1.8)
    let geometry = SliceGeometry(position: normal * Double(series * 10), rowDirection: rowDir, columnDirection: colDir,
                                 spacing: PixelSpacing(isotropicMm: spacing))
    var t = 36_000.0
    for f in 0..<frames {
        let pixels = (0..<(rows * columns)).map { Float(f == 0 ? 500 : 80 + ($0 % 17)) }
        let spec = MRImageSpec(studyInstanceUID: "1.2.3", seriesInstanceUID: "1.2.3.\(series)", sopInstanceUID: "1.2.3.\(series).\(f)",
                               seriesNumber: series + 1, instanceNumber: f + 1, rows: rows, columns: columns, pixels: pixels, geometry: geometry,
                               acquisitionSecondsOfDay: t + Double(series) * 0.1, flipAngleDeg: f == 0 ? 5 : 12,
                               saturationTimeMs: f == 0 ? nil : (aif ? 30 : 110), repetitionTimeMs: 2.5, echoTimeMs: 1.1, magneticFieldStrengthT: 3)
        try writer.write(spec.dataSet(), to: String(format: "%@/s%d_%03d.dcm", dir, series, f))
        files += 1
        t += 0.8 + 0.1 * sin(Double(f))
    }
}

var timesMs: [Double] = []
var summary = ""
for _ in 0..<repetitions {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try Ingest.load(path: dir)
    timesMs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    summary = "\(result.study.slices.count) slices + \(result.study.aif == nil ? "no" : "1") AIF, \(result.study.slices[0].frames) frames each"
}
// Phase split of one run: reading + parsing + pixel decoding, then grouping/classification.
let t0 = DispatchTime.now().uptimeNanoseconds
let scan = try DICOMScan.scan(path: dir)
let t1 = DispatchTime.now().uptimeNanoseconds
let grouped = SeriesGrouping.group(scan.frames)
_ = try SeriesClassifier.classify(grouped.groups)
let t2 = DispatchTime.now().uptimeNanoseconds
timesMs.sort()
let median = timesMs[timesMs.count / 2]
print("ingest benchmark: \(files) files (\(summary))")
print(String(format: "  scan+parse+decode %.1f ms, group+classify %.1f ms", Double(t1 - t0) / 1e6, Double(t2 - t1) / 1e6))
print(String(format: "  total: min %.1f ms, median %.1f ms over %d runs; %.0f files/s (median)", timesMs[0], median, repetitions, Double(files) / (median / 1000)))
