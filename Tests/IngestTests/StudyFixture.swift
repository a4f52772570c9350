import DICOM
import Foundation
import MyoFlowCore

/// Writes a synthetic dual-sequence perfusion study as DICOM with the project's writer, in any
/// layout the reader must handle, and remembers what it wrote (the ground truth of the tests).
struct StudyFixture {
    var slices = 3
    /// Frames per series, PD frames included.
    var frames = 12
    var pdFrames = 1
    var rows = 24, columns = 20
    var aifRows = 12, aifColumns = 10
    var spacingMm = 2.0, aifSpacingMm = 4.0
    var saturationTimeMs: Double? = 100, aifSaturationTimeMs: Double? = 25
    var flipAngleDeg = 15.0
    /// PD flip angle; nil writes the dynamic flip angle on PD frames too (PD only by intensity).
    var pdFlipAngleDeg: Double? = 5
    var withAIF = true
    var syntax: TransferSyntax = .explicitVRLittleEndian
    var part10 = true
    var undefinedLengthSequences = false
    /// All high-res slices in one series (split by position on reading).
    var oneSeriesForAllSlices = false
    /// PD frames exported as their own series (merged back on reading).
    var separatePDSeries = false
    /// One enhanced multi-frame file per series.
    var enhanced = false
    var startSecondsOfDay = 36_000.0
    var dayNumber: Int? = 20_454
    var writeAcquisitionTime = true
    var writeContentTime = true
    var writeAcquisitionDateTime = false
    var encoding: MRImageSpec.PixelEncoding = .uint16
    var rescaleSlope = 1.0, rescaleIntercept = 0.0
    var fieldStrengthT: Double? = 1.5
    var studyUID = "1.2.826.0.1.3680043.10.1011.9.1"
    var patientName = "DOE^JANE"
    var patientID = "PID-12345"

    /// Short-axis stack normal, pointing base → apex (towards patient left, anterior, inferior).
    static let normal = simd_normalize(SIMD3<Double>(0.7, -0.5, -0.5))

    /// RR interval of beat b (irregular on purpose).
    func rrSeconds(_ beat: Int) -> Double { 0.8 + 0.15 * sin(Double(beat) * 1.3) }

    /// Acquisition time (seconds of day, unwrapped) of a frame; the AIF comes first in each beat.
    func time(beat: Int, level: Int?) -> Double {
        let beatStart = startSecondsOfDay + (0..<beat).reduce(0.0) { $0 + rrSeconds($1) }
        guard let level else { return beatStart }
        return beatStart + 0.1 + 0.12 * Double(level)
    }

    func seriesUID(level: Int?) -> String {
        if level != nil && oneSeriesForAllSlices { return studyUID + ".100" }
        return studyUID + "." + String(level.map { 10 + $0 } ?? 99)
    }

    /// Series numbers deliberately not in base → apex order.
    func seriesNumber(level: Int?) -> Int {
        if level != nil && oneSeriesForAllSlices { return 3 }
        return level.map { 10 - $0 } ?? 2
    }

    func geometry(level: Int?) -> SliceGeometry {
        let n = StudyFixture.normal
        let a = SIMD3<Double>(0, 0, 1)
        let r = simd_normalize(a - (a * n).sum() * n)
        let c = SIMD3(n.y * r.z - n.z * r.y, n.z * r.x - n.x * r.z, n.x * r.y - n.y * r.x)
        let centre = SIMD3<Double>(-20, 15, 40) + n * (10 * Double(level ?? 1))
        let spacing = level == nil ? aifSpacingMm : spacingMm
        let (nr, nc) = level == nil ? (aifRows, aifColumns) : (rows, columns)
        let origin = centre - r * (Double(nc) / 2 * spacing) - c * (Double(nr) / 2 * spacing)
        return SliceGeometry(position: origin, rowDirection: r, columnDirection: c, spacing: PixelSpacing(isotropicMm: spacing), sliceThicknessMm: 8)
    }

    /// Expected pixel value: PD frames bright, dynamics with a contrast bolus in a disc.
    func pixel(frame: Int, row: Int, column: Int, level: Int?) -> Float {
        let (nr, nc) = level == nil ? (aifRows, aifColumns) : (rows, columns)
        if frame < pdFrames { return Float(400 + (row + column) % 7) }
        let dr = Double(row) - Double(nr) / 2, dc = Double(column) - Double(nc) / 2
        let inside = dr * dr + dc * dc < Double(nr * nr) / 16
        let t = Double(frame - pdFrames)
        let bolus = inside ? 150 * exp(-pow((t - 5) / 2.5, 2)) : 0
        return Float((80 + Double((row * 3 + column + (level ?? 7)) % 11) + bolus).rounded())
    }

    func spec(frame: Int, level: Int?) -> MRImageSpec {
        let (nr, nc) = level == nil ? (aifRows, aifColumns) : (rows, columns)
        var pixels = [Float](repeating: 0, count: nr * nc)
        for r in 0..<nr { for c in 0..<nc { pixels[r * nc + c] = pixel(frame: frame, row: r, column: c, level: level) } }
        let isPD = frame < pdFrames
        let instance = oneSeriesForAllSlices && level != nil ? frame * slices + level! + 1 : frame + 1
        let separate = separatePDSeries && isPD
        return MRImageSpec(
            studyInstanceUID: studyUID, seriesInstanceUID: seriesUID(level: level) + (separate ? ".1" : ""),
            sopInstanceUID: "\(seriesUID(level: level)).\(level ?? 99).\(frame + 1)", seriesNumber: seriesNumber(level: level) + (separate ? 50 : 0),
            instanceNumber: instance, seriesDescription: level == nil ? "perf AIF" : "perf SA",
            rows: nr, columns: nc, pixels: pixels, geometry: geometry(level: level), acquisitionDayNumber: dayNumber,
            acquisitionSecondsOfDay: time(beat: frame, level: level), triggerTimeMs: 50,
            flipAngleDeg: isPD ? (pdFlipAngleDeg ?? flipAngleDeg) : flipAngleDeg,
            saturationTimeMs: isPD ? nil : (level == nil ? aifSaturationTimeMs : saturationTimeMs),
            repetitionTimeMs: 2.5, echoTimeMs: 1.1, magneticFieldStrengthT: fieldStrengthT,
            patientName: patientName, patientID: patientID, encoding: encoding, rescaleSlope: rescaleSlope, rescaleIntercept: rescaleIntercept,
            writeAcquisitionTime: writeAcquisitionTime, writeContentTime: writeContentTime, writeAcquisitionDateTime: writeAcquisitionDateTime)
    }

    var levels: [Int?] { (0..<slices).map { Optional($0) } + (withAIF ? [nil] : []) }

    /// Writes every file under `dir` (created), in an order unrelated to time. Returns the paths.
    @discardableResult
    func write(to dir: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let writer = DICOMWriter(options: .init(syntax: syntax, part10: part10, undefinedLengthSequences: undefinedLengthSequences))
        var paths: [String] = []
        for level in levels {
            let sub = dir + "/" + (level.map { "S\($0)" } ?? "AIF")
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            if enhanced {
                let specs = (0..<frames).map { spec(frame: $0, level: level) }
                let ds = try EnhancedMRBuilder.dataSet(frames: specs, sopInstanceUID: seriesUID(level: level) + ".\(level ?? 99).0")
                let path = sub + "/multiframe.dcm"
                try writer.write(ds, to: path)
                paths.append(path)
            } else {
                for frame in 0..<frames {
                    // Names run backwards in time so path order is not acquisition order.
                    let path = sub + String(format: "/IM%04d", (frames - frame) * 7 % 10_000)
                    try writer.write(spec(frame: frame, level: level).dataSet(), to: path)
                    paths.append(path)
                }
            }
        }
        return paths
    }

    /// Expected times (s from the study's first acquisition) of one series.
    func expectedTimes(level: Int?) -> [Double] {
        let t0 = levels.map { time(beat: 0, level: $0) }.min() ?? 0
        return (0..<frames).map { time(beat: $0, level: level) - t0 }
    }
}

func simd_normalize(_ v: SIMD3<Double>) -> SIMD3<Double> { v / (v * v).sum().squareRoot() }

/// A fresh temporary folder, removed by the caller.
func temporaryFolder(_ name: String = #function) -> String {
    let base = FileManager.default.temporaryDirectory.path + "/myoflow-ingest-tests-" + UUID().uuidString.prefix(8)
    let path = base + "-" + name.filter { $0.isLetter || $0.isNumber }
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
