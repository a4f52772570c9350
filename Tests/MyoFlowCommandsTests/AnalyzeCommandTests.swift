import Foundation
import MyoFlowCommands
import Phantom
import XCTest

/// `myoflow analyze` on the phantom's DICOM export: the path a user takes with scanner data
/// (classic MR files, one series per slice plus the AIF series, PD frames marked only by flip
/// angle or intensity) gives the same segment MBF as the native HDF5 export of the same study.
final class AnalyzeCommandTests: XCTestCase {
    /// Segment medians (mbf_median column) of `out/segments.csv`, by segment number.
    func medians(_ out: String) throws -> [Int: Double] {
        let rows = try String(contentsOfFile: out + "/segments.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        var values: [Int: Double] = [:]
        for row in rows {
            // segment,name,level,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag (names hold no commas)
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            if let n = Int(fields[0]), let v = Double(fields[6]) { values[n] = v }
        }
        return values
    }

    func testDICOMExportAnalysesLikeTheNativeExport() throws {
        let dicom = try ExportedPhantomStudy(seed: 4345, name: "analyze-dicom", format: .dicom)
        let native = try ExportedPhantomStudy(seed: 4345, name: "analyze-h5")
        defer { dicom.remove(); native.remove() }
        func analyse(_ study: ExportedPhantomStudy) throws -> [Int: Double] {
            var command = try MyoFlowCommand.parseAsRoot(["analyze", study.path, "--out", study.root + "/out", "--moco", "none", "--quiet"])
            try command.run()
            return try medians(study.root + "/out")
        }
        let fromDICOM = try analyse(dicom), fromNative = try analyse(native)
        XCTAssertEqual(fromDICOM.count, 16, "every segment has a value from DICOM")
        let truth = dicom.synthetic.truth.segmentMBF
        var errors: [Double] = []
        for n in 1...16 {
            let d = try XCTUnwrap(fromDICOM[n]), h = try XCTUnwrap(fromNative[n])
            // DICOM stores 16-bit integers (with a rescale): quantisation only.
            XCTAssertEqual(d / h, 1, accuracy: 0.02, "segment \(n): DICOM \(d), HDF5 \(h)")
            errors.append(abs(d - truth[n - 1]) / truth[n - 1])
        }
        let mae = errors.reduce(0, +) / 16
        print(String(format: "analyze on the DICOM export (static phantom, 30 dynamics, no MoCo): per-segment MAE %.1f%%", 100 * mae))
        XCTAssertLessThan(mae, 0.1)
    }
}
