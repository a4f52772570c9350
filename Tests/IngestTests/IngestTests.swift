import DICOM
import HDF5IO
import Foundation
import Ingest
import MyoFlowCore
import NIfTI
import XCTest

final class IngestTests: XCTestCase {
    /// Loads a fixture study and checks everything against what the fixture wrote.
    func assertMatchesFixture(_ fx: StudyFixture, file: StaticString = #filePath, line: UInt = #line) throws -> PerfusionStudy {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fx.write(to: dir)
        let study = try Ingest.load(path: dir).study
        XCTAssertEqual(study.slices.count, fx.slices, file: file, line: line)
        XCTAssertEqual(study.studyInstanceUID, fx.studyUID, file: file, line: line)
        for (level, series) in study.slices.enumerated() {
            XCTAssertEqual(series.frames, fx.frames, file: file, line: line)
            XCTAssertEqual(series.geometry.position.x, fx.geometry(level: level).position.x, accuracy: 1e-4, "slice \(level) out of base→apex order", file: file, line: line)
            XCTAssertEqual(series.pdFrameIndices, Array(0..<fx.pdFrames), file: file, line: line)
            let expected = fx.expectedTimes(level: level)
            for f in 0..<fx.frames { XCTAssertEqual(series.timesSeconds[f], expected[f], accuracy: 2e-6, file: file, line: line) }
            for f in [0, fx.frames / 2, fx.frames - 1] {
                for (r, c) in [(0, 0), (fx.rows / 2, fx.columns / 2), (fx.rows - 1, fx.columns - 1)] {
                    XCTAssertEqual(series[f, r, c], fx.pixel(frame: f, row: r, column: c, level: level), accuracy: Float(abs(fx.rescaleSlope)) * 0.51 + 1e-3, file: file, line: line)
                }
            }
            XCTAssertEqual(series.sequence.saturationTimeMs, fx.saturationTimeMs, file: file, line: line)
            XCTAssertEqual(series.sequence.flipAngleDeg, fx.flipAngleDeg, file: file, line: line)
            XCTAssertEqual(series.sequence.pdFlipAngleDeg, fx.pdFrames > 0 ? fx.pdFlipAngleDeg : nil, file: file, line: line)
            XCTAssertEqual(series.geometry.spacing, PixelSpacing(isotropicMm: fx.spacingMm), file: file, line: line)
        }
        if fx.withAIF {
            let aif = try XCTUnwrap(study.aif, "AIF series not found", file: file, line: line)
            XCTAssertEqual(aif.seriesInstanceUID, fx.seriesUID(level: nil), file: file, line: line)
            XCTAssertEqual(aif.rows, fx.aifRows, file: file, line: line)
            XCTAssertEqual(aif.sequence.saturationTimeMs, fx.aifSaturationTimeMs, file: file, line: line)
            XCTAssertEqual(aif.timesSeconds[0], 0, accuracy: 1e-9, file: file, line: line)
        } else {
            XCTAssertNil(study.aif, file: file, line: line)
        }
        XCTAssertEqual(study.parameters.fieldStrengthT, fx.fieldStrengthT, file: file, line: line)
        return study
    }

    func testExplicitLittleEndianStudy() throws {
        let study = try assertMatchesFixture(StudyFixture())
        let keys = Set(study.provenance.entries.map(\.key))
        for key in ["study-uid", "aif-series", "pd-frames", "slice-order", "saturation-time-ms", "field-strength"] {
            XCTAssertTrue(keys.contains(key), "provenance lacks \(key)")
        }
        XCTAssertNil(study.identifiers)
        let text = study.provenance.entries.map { $0.key + $0.value }.joined()
        XCTAssertFalse(text.contains("DOE"), "patient name leaked into provenance")
        XCTAssertFalse(text.contains("PID-12345"), "patient ID leaked into provenance")
    }

    func testImplicitLittleEndianStudy() throws {
        var fx = StudyFixture(); fx.syntax = .implicitVRLittleEndian
        _ = try assertMatchesFixture(fx)
    }

    func testExplicitBigEndianStudy() throws {
        var fx = StudyFixture(); fx.syntax = .explicitVRBigEndian; fx.encoding = .int16
        _ = try assertMatchesFixture(fx)
    }

    func testRawDataSetsWithoutPreamble() throws {
        var fx = StudyFixture(); fx.part10 = false
        _ = try assertMatchesFixture(fx)
    }

    func testEnhancedMultiFrameWithUndefinedLengthSequences() throws {
        var fx = StudyFixture(); fx.enhanced = true; fx.undefinedLengthSequences = true
        _ = try assertMatchesFixture(fx)
    }

    func testEightBitPixelsWithRescale() throws {
        var fx = StudyFixture(); fx.encoding = .uint8; fx.rescaleSlope = 2; fx.rescaleIntercept = 10
        _ = try assertMatchesFixture(fx)
    }

    func testAllSlicesInOneSeriesAreSplitByPosition() throws {
        var fx = StudyFixture(); fx.oneSeriesForAllSlices = true
        let study = try assertMatchesFixture(fx)
        XCTAssertTrue(study.provenance.entries.contains { $0.key == "series-split" })
    }

    func testAIFInsideTheSlicesSeriesIsSplitByMatrix() throws {
        var fx = StudyFixture(); fx.oneSeriesForAllSlices = true
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fx.write(to: dir)
        // Rewrite the AIF frames into the slices' series (same UID and number).
        try FileManager.default.removeItem(atPath: dir + "/AIF")
        try FileManager.default.createDirectory(atPath: dir + "/AIF", withIntermediateDirectories: true)
        for f in 0..<fx.frames {
            var spec = fx.spec(frame: f, level: nil)
            spec.seriesInstanceUID = fx.seriesUID(level: 0)
            spec.seriesNumber = fx.seriesNumber(level: 0)
            try DICOMWriter().write(spec.dataSet(), to: dir + "/AIF/IM\(f)")
        }
        let study = try Ingest.load(path: dir).study
        XCTAssertEqual(study.slices.count, fx.slices)
        XCTAssertEqual(study.aif?.rows, fx.aifRows)
        XCTAssertEqual(study.aif?.frames, fx.frames)
    }

    func testPDFramesFoundByIntensityStepAlone() throws {
        var fx = StudyFixture(); fx.pdFlipAngleDeg = nil; fx.pdFrames = 2
        let study = try assertMatchesFixture(fx)
        XCTAssertTrue(study.provenance.entries.contains { $0.key == "pd-frames" && $0.value.contains("intensity step") })
        // PD frames with the dynamic frames' FlipAngle: the AIF series' PD readout uses the AIF
        // readout's angle in dual-sequence protocols, so the header is taken there; on the
        // high-res slices (PD read at ≈5°) it is the nominal angle, so asked for (nil above).
        XCTAssertEqual(study.aif?.sequence.pdFlipAngleDeg, fx.flipAngleDeg)
    }

    func testAIFPDFlipAngleOverrideAppliesToTheAIFSeriesOnly() throws {
        let fx = StudyFixture()
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fx.write(to: dir)
        let study = try Ingest.load(path: dir, overrides: IngestOverrides(aifPDFlipAngleDeg: 8)).study
        XCTAssertEqual(study.aif?.sequence.pdFlipAngleDeg, 8)
        for s in study.slices { XCTAssertEqual(s.sequence.pdFlipAngleDeg, fx.pdFlipAngleDeg) }
        XCTAssertTrue(study.provenance.entries.contains { $0.key == "pd-flip-angle-deg" && $0.overridden && $0.value.contains("8.0") })
    }

    func testSeparatePDSeriesBecomesLeadingFrames() throws {
        var fx = StudyFixture(); fx.separatePDSeries = true; fx.pdFrames = 2
        let study = try assertMatchesFixture(fx)
        XCTAssertEqual(study.provenance.entries.filter { $0.key == "pd-series" }.count, fx.slices + 1)
    }

    func testCumulativeTriggerTimeIsTheLastResort() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var fx = StudyFixture(); fx.slices = 1; fx.withAIF = false; fx.writeAcquisitionTime = false; fx.writeContentTime = false
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in 0..<fx.frames {
            var spec = fx.spec(frame: f, level: 0)
            spec.triggerTimeMs = 1000 * fx.expectedTimes(level: 0)[f] + 300  // cumulative (GE-style)
            try DICOMWriter().write(spec.dataSet(), to: dir + "/f\(fx.frames - f)")
        }
        let result = try Ingest.load(path: dir)
        let expected = fx.expectedTimes(level: 0)
        for f in 0..<fx.frames { XCTAssertEqual(result.study.slices[0].timesSeconds[f], expected[f] - expected[0], accuracy: 1e-6) }
        XCTAssertTrue(result.report.warnings.contains { $0.message.contains("TriggerTime") })
    }

    func testSeriesWithoutAnyTimesIsRefusedWithReason() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var fx = StudyFixture(); fx.slices = 1; fx.withAIF = false; fx.writeAcquisitionTime = false; fx.writeContentTime = false
        try fx.write(to: dir)  // constant TriggerTime (Siemens-style): no usable time base
        XCTAssertThrowsError(try Ingest.load(path: dir)) { XCTAssertTrue("\($0)".contains("no usable perfusion series") || "\($0)".contains("no readable"), "\($0)") }
        let report = try Ingest.inspect(path: dir)
        XCTAssertTrue(report.warnings.contains { $0.message.contains("true frame times are unknown") }, "\(report.warnings)")
    }

    func testAbsurdGeometryValuesDoNotCrash() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var fx = StudyFixture(); fx.slices = 1; fx.withAIF = false
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in 0..<fx.frames {
            var spec = fx.spec(frame: f, level: 0)
            spec.geometry.rowDirection = SIMD3(1e300, -1e300, 0)
            spec.geometry.position = SIMD3(1e300, 0, -1e300)
            try DICOMWriter().write(spec.dataSet(), to: dir + "/f\(f)")
        }
        // Either a study or a precise error; never a trap.
        do { _ = try Ingest.load(path: dir) } catch { XCTAssertFalse("\(error)".isEmpty) }
        _ = try Ingest.inspect(path: dir).table()
    }

    func testNoPDFrames() throws {
        var fx = StudyFixture(); fx.pdFrames = 0
        _ = try assertMatchesFixture(fx)
    }

    func testContentTimeUsedWhenAcquisitionTimeMissing() throws {
        var fx = StudyFixture(); fx.writeAcquisitionTime = false
        let study = try assertMatchesFixture(fx)
        XCTAssertTrue(study.provenance.entries.contains { $0.key == "series" && $0.value.contains("ContentTime") })
    }

    func testAcquisitionDateTimePreferred() throws {
        var fx = StudyFixture(); fx.writeAcquisitionTime = false; fx.writeContentTime = false; fx.writeAcquisitionDateTime = true
        let study = try assertMatchesFixture(fx)
        XCTAssertTrue(study.provenance.entries.contains { $0.key == "series" && $0.value.contains("AcquisitionDateTime") })
    }

    func testMidnightWrapWithoutDates() throws {
        var fx = StudyFixture(); fx.dayNumber = nil; fx.startSecondsOfDay = 86_400 - 4
        _ = try assertMatchesFixture(fx)
    }

    func testMidnightWrapWithDates() throws {
        var fx = StudyFixture(); fx.startSecondsOfDay = 86_400 - 4
        _ = try assertMatchesFixture(fx)
    }

    func testSingleSliceWithoutAIF() throws {
        var fx = StudyFixture(); fx.slices = 1; fx.withAIF = false
        _ = try assertMatchesFixture(fx)
    }

    func testAIFFoundBySaturationTimeAtEqualResolution() throws {
        var fx = StudyFixture(); fx.aifRows = fx.rows; fx.aifColumns = fx.columns; fx.aifSpacingMm = fx.spacingMm
        _ = try assertMatchesFixture(fx)
    }

    func testOverrides() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fx = StudyFixture()
        try fx.write(to: dir)
        let report = try Ingest.inspect(path: dir)
        // Listing is by series number: AIF (2), then slices 10-level: apex first.
        XCTAssertEqual(report.series.map(\.seriesNumber), [2, 8, 9, 10])
        XCTAssertEqual(report.aifSeries, 0)
        XCTAssertEqual(report.sliceOrder, [3, 2, 1])

        var o = IngestOverrides(aifSeries: .some(nil), pdFrames: [], slices: [.index(1), .uid(fx.seriesUID(level: 0))],
                                keepIdentifiers: true, saturationTimeMs: 90, fieldStrengthT: 3)
        let study = try Ingest.load(path: dir, overrides: o).study
        XCTAssertNil(study.aif)
        XCTAssertEqual(study.slices.map(\.seriesInstanceUID), [fx.seriesUID(level: 2), fx.seriesUID(level: 0)])
        XCTAssertEqual(study.slices[0].pdFrameIndices, [])
        XCTAssertEqual(study.slices[0].sequence.saturationTimeMs, 90)
        XCTAssertEqual(study.parameters.fieldStrengthT, 3)
        XCTAssertEqual(study.identifiers, PatientIdentifiers(patientName: "DOE^JANE", patientID: "PID-12345", studyDate: DICOMTimestamp.formatDA(20_454)))
        XCTAssertTrue(study.provenance.entries.filter(\.overridden).count >= 4)

        o = IngestOverrides(aifSeries: .some(.index(7)))
        XCTAssertThrowsError(try Ingest.load(path: dir, overrides: o)) { error in
            XCTAssertTrue("\(error)".contains("--aif-series"), "\(error)")
        }
        o = IngestOverrides(pdFrames: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        XCTAssertThrowsError(try Ingest.load(path: dir, overrides: o))
        XCTAssertThrowsError(try Ingest.load(path: dir, overrides: IngestOverrides(slices: [.uid("1.2.3")])))
    }

    func testMissingSaturationTimeIsReportedWithTheOption() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var fx = StudyFixture(); fx.saturationTimeMs = nil; fx.fieldStrengthT = nil
        try fx.write(to: dir)
        let result = try Ingest.load(path: dir)
        XCTAssertNil(result.study.slices[0].sequence.saturationTimeMs)
        XCTAssertTrue(result.report.warnings.contains { $0.message.contains("--saturation-time-ms") })
        XCTAssertTrue(result.report.warnings.contains { $0.message.contains("--field-strength") })
        let fixed = try Ingest.load(path: dir, overrides: IngestOverrides(saturationTimeMs: 110)).study
        XCTAssertEqual(fixed.slices[2].sequence.saturationTimeMs, 110)
        XCTAssertEqual(fixed.aif?.sequence.saturationTimeMs, 25, "the AIF keeps its own header value")
    }

    func testBrokenFilesAreSkippedWithWarnings() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fx = StudyFixture()
        let paths = try fx.write(to: dir)
        let fm = FileManager.default
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: paths[3])))
        fm.createFile(atPath: dir + "/empty.dcm", contents: Data())
        fm.createFile(atPath: dir + "/notes.txt", contents: Data("not a dicom file, just notes\n".utf8))
        fm.createFile(atPath: dir + "/truncated-header.dcm", contents: Data(good.prefix(140)))
        fm.createFile(atPath: dir + "/truncated-pixels.dcm", contents: Data(good.dropLast(100)))
        try fm.copyItem(atPath: paths[5], toPath: dir + "/S0/copy-of-IM")  // duplicated instance
        var reexport = fx.spec(frame: 4, level: 1); reexport.sopInstanceUID = "7.7.7"  // same frame, new UID
        try DICOMWriter().write(reexport.dataSet(), to: dir + "/S1/reexported.dcm")
        // A frame of another study, and a frame with a different matrix inside series S0.
        var other = fx; other.studyUID = "1.2.3.4.5"; other.slices = 1; other.withAIF = false; other.frames = 2
        try DICOMWriter().write(other.spec(frame: 1, level: 0).dataSet(), to: dir + "/other-study.dcm")
        var odd = fx; odd.rows = 16
        var spec = odd.spec(frame: 3, level: 0); spec.sopInstanceUID += ".odd"
        try DICOMWriter().write(spec.dataSet(), to: dir + "/S0/odd-matrix.dcm")
        // No pixel data.
        var noPixels = fx.spec(frame: 2, level: 1).dataSet(); noPixels.remove(.pixelData); noPixels.set(.sopInstanceUID, .UI, "9.9.9")
        try DICOMWriter().write(noPixels, to: dir + "/no-pixels.dcm")

        let result = try Ingest.load(path: dir)
        XCTAssertEqual(result.study.slices.count, 3)
        XCTAssertEqual(result.study.slices.map(\.frames), [fx.frames, fx.frames, fx.frames])
        let w = result.report.warnings
        func warned(_ file: String, _ text: String) -> Bool { w.contains { ($0.file ?? "") == file && $0.message.contains(text) } }
        XCTAssertTrue(warned("empty.dcm", "empty file"), "\(w)")
        XCTAssertTrue(warned("notes.txt", "not a DICOM file"), "\(w)")
        XCTAssertTrue(warned("truncated-header.dcm", "truncated"), "\(w)")
        XCTAssertTrue(warned("truncated-pixels.dcm", "(7FE0,0010)"), "\(w)")
        XCTAssertTrue(warned("no-pixels.dcm", "PixelData"), "\(w)")
        XCTAssertTrue(w.contains { $0.message.contains("duplicate") }, "\(w)")
        XCTAssertTrue(w.contains { $0.message.contains("2 studies") && $0.message.contains("1.2.3.4.5") }, "\(w)")
        XCTAssertTrue(warned("S0/odd-matrix.dcm", "matrix 16×20"), "\(w)")
        XCTAssertTrue(w.contains { $0.message.contains("re-exported copy") && ($0.file ?? "").hasPrefix("S1/") }, "\(w)")
        XCTAssertEqual(result.report.filesSkipped, 5)
    }

    func testCompressedTransferSyntaxIsNamed() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var fx = StudyFixture(); fx.slices = 1; fx.withAIF = false; fx.frames = 1
        // A Part 10 file whose meta group declares JPEG 2000 (the data set itself stays readable).
        let body = try DICOMWriter(options: .init(part10: false)).encode(fx.spec(frame: 0, level: 0).dataSet())
        let bytes = part10Header(transferSyntax: "1.2.840.10008.1.2.4.90") + body
        let path = dir + "/jp2.dcm"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let report = try Ingest.inspect(path: dir)
        XCTAssertTrue(report.warnings.contains { $0.message.contains("JPEG 2000") && $0.message.contains("1.2.840.10008.1.2.4.90") }, "\(report.warnings)")
        XCTAssertThrowsError(try Ingest.load(path: dir))
    }

    func testInspectReportTableAndJSON() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StudyFixture().write(to: dir)
        let report = try Ingest.inspect(path: dir)
        let table = report.table()
        XCTAssertTrue(table.contains("AIF"))
        XCTAssertTrue(table.contains("slice 0 (base)"))
        XCTAssertTrue(table.contains("24×20"))
        XCTAssertFalse(table.contains("DOE"))
        let decoded = try JSONDecoder().decode(IngestReport.self, from: Data(try report.json().utf8))
        XCTAssertEqual(decoded.series.count, 4)
        XCTAssertEqual(decoded.series[1].pdFrames, [0])
        XCTAssertEqual(try XCTUnwrap(decoded.series[1].medianRRSeconds), medianRR(StudyFixture()), accuracy: 1e-5)
        XCTAssertEqual(IngestReport.escape("a\u{1B}[2Jb"), "a?[2Jb")
    }

    func testNIfTISeriesInput() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fx = StudyFixture()
        let study = try assertMatchesFixtureFolder(fx, dir: dir)
        // Export the first slice as NIfTI and read it back as a single-series study.
        let series = study.slices[0]
        let path = dir + "/slice.nii.gz"
        try NIfTIImage(series: series).write(to: path)
        let loaded = try Ingest.load(path: path).study
        XCTAssertEqual(loaded.slices.count, 1)
        XCTAssertEqual(loaded.slices[0].pixels, series.pixels)
        XCTAssertEqual(loaded.slices[0].pdFrameIndices, [0])
        XCTAssertEqual(loaded.slices[0].geometry.position.x, series.geometry.position.x, accuracy: 1e-3)
    }

    private func assertMatchesFixtureFolder(_ fx: StudyFixture, dir: String) throws -> PerfusionStudy {
        try fx.write(to: dir + "/dicom")
        return try Ingest.load(path: dir + "/dicom").study
    }

    private func medianRR(_ fx: StudyFixture) -> Double {
        let d = (fx.pdFrames..<(fx.frames - 1)).map { fx.rrSeconds($0) }.sorted()
        return d.count % 2 == 1 ? d[d.count / 2] : 0.5 * (d[d.count / 2 - 1] + d[d.count / 2])
    }

    /// Preamble, "DICM", group length and a TransferSyntaxUID element, built by hand.
    private func part10Header(transferSyntax uid: String) -> [UInt8] {
        var value = Array(uid.utf8)
        if value.count % 2 == 1 { value.append(0) }
        let element: [UInt8] = [0x02, 0x00, 0x10, 0x00, 0x55, 0x49, UInt8(value.count), 0] + value
        let length = UInt32(element.count)
        let groupLength: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x55, 0x4C, 4, 0, UInt8(length & 0xFF), UInt8(length >> 8), 0, 0]
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + groupLength + element
    }
}

final class IngestArchiveTests: XCTestCase {
    func testNativeArchiveRoundTripAndIdentifiers() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StudyFixture().write(to: dir + "/dicom")
        let study = try Ingest.load(path: dir + "/dicom", overrides: IngestOverrides(keepIdentifiers: true)).study
        let path = dir + "/study.h5"
        try StudyArchive.write(study, to: path)
        let plain = try Ingest.load(path: path).study
        XCTAssertNil(plain.identifiers, "identifiers are dropped unless --keep-identifiers")
        XCTAssertEqual(plain.slices, study.slices)
        XCTAssertEqual(plain.aif, study.aif)
        let kept = try Ingest.load(path: path, overrides: IngestOverrides(keepIdentifiers: true, saturationTimeMs: 95)).study
        XCTAssertEqual(kept.identifiers, study.identifiers)
        XCTAssertEqual(kept.slices[1].sequence.saturationTimeMs, 95)
        XCTAssertThrowsError(try Ingest.load(path: path, overrides: IngestOverrides(slices: [.index(0)])))
    }
}

final class MapExportTests: XCTestCase {
    func testMapsCarryTheirGeometry() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let g = SliceGeometry(position: SIMD3(5, -3, 2), rowDirection: SIMD3(0, 1, 0), columnDirection: SIMD3(0, 0, -1),
                              spacing: PixelSpacing(rowMm: 1.5, columnMm: 2), sliceThicknessMm: 6)
        let values: [Float] = [0.5, 1, 1.5, 2, 2.5, 3]
        try MapExport.writeNIfTI(values, rows: 2, columns: 3, geometry: g, to: dir + "/mbf.nii.gz")
        let image = try NIfTIImage.read(path: dir + "/mbf.nii.gz")
        XCTAssertEqual(image.dims, [3, 2, 1])
        XCTAssertEqual(image.values, values)
        // Column 1 of row 0 sits one column spacing along rowDirection: LPS (5, -1, 2) → RAS (−5, 1, 2).
        let a = image.affine
        XCTAssertEqual([a[0][0] + a[0][3], a[1][0] + a[1][3], a[2][0] + a[2][3]], [-5, 1, 2])

        let labels = try LabelMap(rows: 2, columns: 3, labels: [0, 1, 2, 3, 2, 1])
        let file = try HDF5File(path: dir + "/maps.h5", mode: .truncate)
        try MapExport.writeHDF5(values, rows: 2, columns: 3, geometry: g, name: "mbf", in: file)
        try MapExport.writeHDF5(labels, geometry: g, name: "labels", in: file)
        XCTAssertEqual(try file.read("mbf", as: Float.self, shape: [2, 3]), values)
        XCTAssertEqual(try file.read("labels", as: UInt8.self, shape: [2, 3]), labels.labels)
        XCTAssertEqual(try file.numericAttribute("pixel_spacing_mm", as: Double.self, on: "mbf"), [1.5, 2])
        XCTAssertEqual(try file.numericAttribute("image_position_patient", as: Double.self, on: "labels"), [5, -3, 2])
    }
}

final class StudyDICOMExportTests: XCTestCase {
    /// A study exported with the writer and ingested again comes back the same.
    func testExportThenIngestRoundTrip() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StudyFixture().write(to: dir + "/in")
        let original = try Ingest.load(path: dir + "/in").study
        let files = try StudyDICOMExport.write(original, to: dir + "/out", options: .init(writer: .init(syntax: .implicitVRLittleEndian), startSecondsOfDay: 86_395))
        XCTAssertEqual(files, 4 * original.slices[0].frames)
        let back = try Ingest.load(path: dir + "/out").study
        XCTAssertEqual(back.slices.count, original.slices.count)
        for (a, b) in zip(original.slices + [original.aif!], back.slices + [back.aif!]) {
            XCTAssertEqual(a.seriesInstanceUID, b.seriesInstanceUID)
            XCTAssertEqual(a.pdFrameIndices, b.pdFrameIndices)
            XCTAssertEqual(a.sequence, b.sequence)
            XCTAssertEqual(a.geometry.position.x, b.geometry.position.x, accuracy: 1e-6)
            for f in 0..<a.frames { XCTAssertEqual(a.timesSeconds[f], b.timesSeconds[f], accuracy: 2e-6) }
            let step = Float(((a.pixels.max() ?? 0) - (a.pixels.min() ?? 0)) / 65_535)
            for i in stride(from: 0, to: a.pixels.count, by: 7) { XCTAssertEqual(a.pixels[i], b.pixels[i], accuracy: step * 0.51 + 1e-4) }
        }
        XCTAssertEqual(back.parameters.fieldStrengthT, original.parameters.fieldStrengthT)
    }
}
