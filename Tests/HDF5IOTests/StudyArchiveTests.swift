import Foundation
import HDF5IO
import MyoFlowCore
import XCTest

final class StudyArchiveTests: XCTestCase {
    private var path: String!

    override func setUp() { path = FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString).h5").path }
    override func tearDown() { try? FileManager.default.removeItem(atPath: path) }

    private func series(frames: Int, rows: Int, columns: Int, offset: Float, uid: String, sequence: SequenceParameters) throws -> ImageSeries {
        let geometry = SliceGeometry(position: SIMD3(-100, 20.5, offset.isZero ? 0 : Double(offset)), rowDirection: SIMD3(0.6, 0.8, 0),
                                     columnDirection: SIMD3(0, 0, -1), spacing: PixelSpacing(rowMm: 1.9, columnMm: 2.1), sliceThicknessMm: 8)
        return try ImageSeries(frames: frames, rows: rows, columns: columns,
                               pixels: (0..<(frames * rows * columns)).map { Float($0) * 0.5 + offset },
                               geometry: geometry, timesSeconds: (0..<frames).map { Double($0) * 0.87 + 0.01 },
                               pdFrameIndices: [0, 1], sequence: sequence, seriesInstanceUID: uid, seriesDescription: "perf <slice>")
    }

    func testRoundTripPreservesEverything() throws {
        var provenance = Provenance()
        provenance.record(stage: "ingest", key: "pd-frames", value: "0,1")
        let seq = SequenceParameters(saturationTimeMs: 100, repetitionTimeMs: 2.5, flipAngleDeg: 12, pdFlipAngleDeg: 5, linesToCentre: 18)
        let study = try PerfusionStudy(
            slices: [try series(frames: 5, rows: 4, columns: 6, offset: 0, uid: "1.2.1", sequence: seq),
                     try series(frames: 5, rows: 4, columns: 6, offset: 10, uid: "1.2.2", sequence: seq)],
            aif: try series(frames: 5, rows: 2, columns: 3, offset: 3, uid: "1.2.9", sequence: SequenceParameters(saturationTimeMs: 24)),
            parameters: StudyParameters(fieldStrengthT: 3, doseMmolPerKg: 0.05, haematocrit: 0.45, stressState: "stress"),
            provenance: provenance, studyInstanceUID: "1.2.840.1")
        try StudyArchive.write(study, to: path)
        let back = try StudyArchive.read(path: path)
        XCTAssertEqual(back, study)
    }

    func testOptionalParametersStayAbsent() throws {
        let study = try PerfusionStudy(slices: [try series(frames: 3, rows: 2, columns: 2, offset: 0, uid: "u", sequence: SequenceParameters())])
        try StudyArchive.write(study, to: path)
        let back = try StudyArchive.read(path: path)
        XCTAssertNil(back.aif)
        XCTAssertNil(back.parameters.fieldStrengthT)
        XCTAssertNil(back.slices[0].sequence.saturationTimeMs)
        XCTAssertNil(back.identifiers)
    }

    func testRejectsOtherHDF5Files() throws {
        do {
            let file = try HDF5File(path: path, mode: .truncate)
            try file.write("x", values: [Float(1)], shape: [1])
        }
        XCTAssertThrowsError(try StudyArchive.read(path: path)) {
            XCTAssertTrue(String(describing: $0).contains("myoflow study"))
        }
    }
}
