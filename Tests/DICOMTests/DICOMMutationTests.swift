import DICOM
import MyoFlowCore
import XCTest

/// Deterministic mutation fuzzing of the parser: valid files in every layout are bit-flipped,
/// truncated, have length fields and tags overwritten, and must never crash the reader (errors
/// are the expected outcome). Inputs that once crashed are kept in `regressionInputs`.
final class DICOMMutationTests: XCTestCase {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func seeds() throws -> [[UInt8]] {
        let g = SliceGeometry(position: SIMD3(1, 2, 3), spacing: PixelSpacing(isotropicMm: 2))
        let spec = { (f: Int, encoding: MRImageSpec.PixelEncoding) in
            MRImageSpec(studyInstanceUID: "1.2", seriesInstanceUID: "1.2.3", sopInstanceUID: "1.2.3.\(f)", seriesNumber: 1, instanceNumber: f + 1,
                        rows: 4, columns: 3, pixels: (0..<12).map { Float($0 * (f + 1)) }, geometry: g, acquisitionSecondsOfDay: 100 + Double(f),
                        flipAngleDeg: 15, saturationTimeMs: 100, repetitionTimeMs: 2.5, echoTimeMs: 1.1, encoding: encoding, rescaleSlope: 2)
        }
        var seeds: [[UInt8]] = []
        for syntax in [TransferSyntax.explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian] {
            for undefined in [false, true] {
                let writer = DICOMWriter(options: .init(syntax: syntax, part10: syntax != .implicitVRLittleEndian || undefined, undefinedLengthSequences: undefined))
                seeds.append(try writer.encode(spec(0, undefined ? .int8 : .uint16).dataSet()))
                seeds.append(try writer.encode(EnhancedMRBuilder.dataSet(frames: (0..<3).map { spec($0, .int16) }, sopInstanceUID: "9")))
            }
        }
        return seeds
    }

    /// Inputs that crashed earlier versions (none found so far; add any here).
    static let regressionInputs: [[UInt8]] = [
        // Undefined-length sequence that never ends.
        [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + [0x08, 0x00, 0x40, 0x11, 0x53, 0x51, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF],
        // Explicit VR raw data set whose first element claims 4 GiB.
        [0x08, 0x00, 0x05, 0x00, 0x4F, 0x42, 0, 0, 0xFF, 0xFF, 0xFF, 0xFE, 1, 2],
    ]

    func testMutatedFilesNeverCrash() throws {
        var rng = SplitMix64(state: 0x5EED_0001)
        let seeds = try Self.seeds()
        var parsed = 0, failed = 0
        func exercise(_ bytes: [UInt8]) {
            do {
                let file = try DICOMFile.parse(bytes: bytes, path: "mutant")
                _ = file.dataSet.string(.patientName)
                _ = file.dataSet.doubles(.imagePositionPatient)
                let frames = try DICOMFrame.frames(of: file)
                _ = frames.first?.meanIntensity
                parsed += 1
            } catch {
                _ = "\(error)"
                failed += 1
            }
        }
        for input in Self.regressionInputs { exercise(input) }
        for _ in 0..<4000 {
            var bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
            let mutations = 1 + Int(rng.next() % 4)
            for _ in 0..<mutations where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 6 {
                case 0:  // bit flip
                    bytes[at] ^= UInt8(1 << (rng.next() % 8))
                case 1:  // truncation
                    bytes.removeSubrange(at...)
                case 2:  // corrupt a 32-bit length-sized field
                    let values: [UInt32] = [0xFFFF_FFFF, 0xFFFF_FFFE, 0x7FFF_FFFF, 0, 1, UInt32(truncatingIfNeeded: rng.next())]
                    let v = values[Int(rng.next() % UInt64(values.count))]
                    for b in 0..<4 where at + b < bytes.count { bytes[at + b] = UInt8((v >> (8 * UInt32(b))) & 0xFF) }
                case 3:  // corrupt a 16-bit field
                    let v = UInt16(truncatingIfNeeded: rng.next())
                    if at + 1 < bytes.count { bytes[at] = UInt8(v & 0xFF); bytes[at + 1] = UInt8(v >> 8) }
                case 4:  // insert an item or delimiter tag
                    let tags: [[UInt8]] = [[0xFE, 0xFF, 0x00, 0xE0], [0xFE, 0xFF, 0x0D, 0xE0], [0xFE, 0xFF, 0xDD, 0xE0], [0xFF, 0xFE, 0xE0, 0x00]]
                    bytes.insert(contentsOf: tags[Int(rng.next() % 4)] + [0xFF, 0xFF, 0xFF, 0xFF], at: at)
                default:  // delete a chunk
                    bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 16)))
                }
            }
            exercise(bytes)
        }
        // Both outcomes must occur, or the mutations are not reaching the parser.
        XCTAssertGreaterThan(parsed, 100)
        XCTAssertGreaterThan(failed, 1000)
    }
}
