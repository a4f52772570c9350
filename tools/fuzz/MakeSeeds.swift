// Writes small valid DICOM files in every layout as the fuzzing seed corpus (tools/fuzz/seeds).
// Built like the fuzz target (Core + DICOM sources in one module): see tools/fuzz-dicom.sh --make-seeds.
import Foundation

@main
struct MakeSeeds {
    static func main() throws {
        let out = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "tools/fuzz/seeds"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let g = SliceGeometry(position: SIMD3(1, 2, 3), rowDirection: SIMD3(1, 0, 0), columnDirection: SIMD3(0, 0.6, -0.8), spacing: PixelSpacing(isotropicMm: 2))
        func spec(_ f: Int, _ e: MRImageSpec.PixelEncoding) -> MRImageSpec {
            MRImageSpec(studyInstanceUID: "1.2", seriesInstanceUID: "1.2.3", sopInstanceUID: "1.2.3.\(f)", seriesNumber: 1, instanceNumber: f + 1,
                        rows: 4, columns: 3, pixels: (0..<12).map { Float($0 * (f + 1)) }, geometry: g, acquisitionSecondsOfDay: 100 + Double(f),
                        flipAngleDeg: 15, saturationTimeMs: 100, repetitionTimeMs: 2.5, echoTimeMs: 1.1, encoding: e, rescaleSlope: 2)
        }
        var n = 0
        for syntax in [TransferSyntax.explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian] {
            for undefined in [false, true] {
                for part10 in [true, false] {
                    let w = DICOMWriter(options: .init(syntax: syntax, part10: part10, undefinedLengthSequences: undefined))
                    let classic = try w.encode(spec(0, undefined ? .int8 : .uint16).dataSet())
                    let enhanced = try w.encode(EnhancedMRBuilder.dataSet(frames: (0..<2).map { spec($0, .int16) }, sopInstanceUID: "9"))
                    for bytes in [classic, enhanced] {
                        try Data(bytes).write(to: URL(fileURLWithPath: "\(out)/seed\(n).dcm"))
                        n += 1
                    }
                }
            }
        }
        print("wrote \(n) seeds to \(out)")
    }
}
