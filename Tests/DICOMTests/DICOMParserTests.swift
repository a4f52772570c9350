import DICOM
import MyoFlowCore
import XCTest

final class DICOMParserTests: XCTestCase {
    let explicitLE = "1.2.840.10008.1.2.1"

    func testHandBuiltExplicitLittleEndianImage() throws {
        let bytes = Bytes.part10(explicitLE, Bytes.image(pixels: [0, 1, 2, 300, 65535, 7]))
        let file = try DICOMFile.parse(bytes: bytes, path: "a.dcm")
        XCTAssertTrue(file.isPart10)
        XCTAssertEqual(file.transferSyntax, .explicitVRLittleEndian)
        XCTAssertEqual(file.dataSet.string(.sopInstanceUID), "1.2.3.4")
        let frames = try DICOMFrame.frames(of: file)
        XCTAssertEqual(frames.count, 1)
        XCTAssertEqual(frames[0].pixels, [0, 1, 2, 300, 65535, 7])
    }

    func testSignedTwelveBitValuesAreSignExtended() throws {
        // 12 bits stored: 0x0FFF is −1, 0x0800 is −2048; high bits above bit 11 are masked off.
        let bytes = Bytes.part10(explicitLE, Bytes.image(bitsStored: 12, signed: true, pixels: [0x0FFF, 0x0800, 0x07FF, 5, 0xF001, 0]))
        let frames = try DICOMFrame.frames(of: DICOMFile.parse(bytes: bytes))
        XCTAssertEqual(frames[0].pixels, [-1, -2048, 2047, 5, 1, 0])
    }

    func testRescaleSlopeAndIntercept() throws {
        let extra = Bytes.text(0x0028, 0x1052, "DS", "-100") + Bytes.text(0x0028, 0x1053, "DS", "0.5")
        // Insert the rescale elements just before the pixel data element (12-byte header + 12 bytes).
        var withRescale = Bytes.image(pixels: [0, 2, 4, 6, 8, 10])
        let pixelStart = withRescale.count - 24
        withRescale.insert(contentsOf: extra, at: pixelStart)
        let frames = try DICOMFrame.frames(of: DICOMFile.parse(bytes: Bytes.part10(explicitLE, withRescale)))
        XCTAssertEqual(frames[0].pixels, [-100, -99, -98, -97, -96, -95])
    }

    func testPrivateTagsAndUndefinedLengthSequencesAreSkippedOrRead() throws {
        // A private SQ of undefined length holding nested undefined-length items, a private OB with
        // garbage, then a standard sequence and the image: everything after must still be read.
        let nested = Bytes.undefinedSequence(0x0029, 0x1020, items: [Bytes.text(0x0029, 0x1021, "LO", "inner")])
        let privateSQ = Bytes.undefinedSequence(0x0029, 0x1010, items: [nested, Bytes.explicit(0x0029, 0x1030, "OB", [0xFF, 0xFE, 0xE0, 0x00])])
        let privateOB = Bytes.explicit(0x0029, 0x1040, "OB", [UInt8](repeating: 0xFF, count: 10))
        let standard = Bytes.undefinedSequence(0x0018, 0x9112, items: [Bytes.text(0x0018, 0x1314, "DS", "12.5")])
        let body = Bytes.text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.4") + Bytes.text(0x0008, 0x0018, "UI", "1.2.3.4")
            + standard + Bytes.text(0x0020, 0x000D, "UI", "1.2.3") + Bytes.text(0x0020, 0x000E, "UI", "1.2.3.1")
            + privateSQ + privateOB
            + Bytes.explicit(0x0028, 0x0010, "US", Bytes.u16(2)) + Bytes.explicit(0x0028, 0x0011, "US", Bytes.u16(3))
            + Bytes.explicit(0x0028, 0x0100, "US", Bytes.u16(16)) + Bytes.explicit(0x7FE0, 0x0010, "OW", [1, 2, 3, 4, 5, 6].flatMap { Bytes.u16($0) })
        let file = try DICOMFile.parse(bytes: Bytes.part10(explicitLE, body))
        XCTAssertNil(file.dataSet[DICOMTag(0x0029, 0x1010)], "private tags are not kept")
        XCTAssertEqual(file.dataSet.items(.mrTimingAndRelatedParametersSequence).first?.double(.flipAngle), 12.5)
        XCTAssertEqual(try DICOMFrame.frames(of: file)[0].pixels, [1, 2, 3, 4, 5, 6])
    }

    func testImplicitVRRawDataSetWithDefinedLengthSequence() throws {
        let item = Bytes.implicit(0x0020, 0x0032, Array("1\\2\\3 ".utf8))
        let sequence = Bytes.implicit(0x0020, 0x9113, Bytes.u16(0xFFFE) + Bytes.u16(0xE000) + Bytes.u32(item.count) + item)
        let body = Bytes.implicit(0x0008, 0x0016, Array("1.2.840.10008.5.1.4.1.1.4\0".utf8))
            + sequence
            + Bytes.implicit(0x0028, 0x0010, Bytes.u16(1)) + Bytes.implicit(0x0028, 0x0011, Bytes.u16(2))
            + Bytes.implicit(0x0028, 0x0100, Bytes.u16(8)) + Bytes.implicit(0x7FE0, 0x0010, [200, 7])
        let file = try DICOMFile.parse(bytes: body, path: "raw")
        XCTAssertFalse(file.isPart10)
        XCTAssertEqual(file.transferSyntax, .implicitVRLittleEndian)
        XCTAssertEqual(file.dataSet.items(.planePositionSequence).first?.doubles(.imagePositionPatient), [1, 2, 3])
        XCTAssertEqual(try DICOMFrame.frames(of: file)[0].pixels, [200, 7])
    }

    func testWriterRoundTripInEverySyntax() throws {
        var ds = DICOMDataSet()
        ds.set(.sopInstanceUID, .UI, "1.2.3.4.5")
        ds.set(.patientName, .PN, "X^Y")
        ds.set(.imagePositionPatient, decimals: [-1.5, 2.25, 1e-3])
        ds.set(.rows, uint16: 2)
        ds.set(.columns, uint16: 2)
        ds.set(.bitsAllocated, uint16: 16)
        ds.set(.pixelRepresentation, uint16: 1)
        ds.set(.pixelData, .OW, bytes: [0x01, 0x00, 0xFF, 0xFF, 0x00, 0x80, 0x34, 0x12])
        var item = DICOMDataSet()
        item.set(.effectiveEchoTime, .FD, bytes: Array(withUnsafeBytes(of: (1.25).bitPattern.littleEndian, Array.init)))
        ds.set(.mrEchoSequence, items: [item, item])
        for syntax in [TransferSyntax.explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian] {
            for undefined in [false, true] {
                for part10 in [true, false] where part10 || syntax != .explicitVRBigEndian {
                    let bytes = try DICOMWriter(options: .init(syntax: syntax, part10: part10, undefinedLengthSequences: undefined)).encode(ds)
                    let file = try DICOMFile.parse(bytes: bytes)
                    let label = "\(syntax) undefined=\(undefined) part10=\(part10)"
                    XCTAssertEqual(file.transferSyntax, syntax, label)
                    XCTAssertEqual(file.dataSet.string(.patientName), "X^Y", label)
                    XCTAssertEqual(file.dataSet.doubles(.imagePositionPatient), [-1.5, 2.25, 1e-3], label)
                    XCTAssertEqual(file.dataSet.uint16(.rows), 2, label)
                    XCTAssertEqual(file.dataSet.items(.mrEchoSequence).count, 2, label)
                    XCTAssertEqual(file.dataSet.items(.mrEchoSequence).last?.double(.effectiveEchoTime), 1.25, label)
                    XCTAssertEqual(try DICOMFrame.frames(of: file)[0].pixels, [1, -1, -32768, 0x1234], label)
                }
            }
        }
    }

    func testEnhancedMultiFramePerFrameValues() throws {
        let g = SliceGeometry(position: SIMD3(1, 2, 3), spacing: PixelSpacing(rowMm: 1.5, columnMm: 1.25))
        let specs = (0..<3).map { f in
            MRImageSpec(studyInstanceUID: "1.2", seriesInstanceUID: "1.2.3", sopInstanceUID: "1.2.3.\(f)", seriesNumber: 1, instanceNumber: f + 1,
                        rows: 2, columns: 2, pixels: [Float(f), 1, 2, 3], geometry: g, acquisitionSecondsOfDay: 100 + Double(f) * 0.75,
                        flipAngleDeg: f == 0 ? 5 : 15, saturationTimeMs: 100, echoTimeMs: 1.2, encoding: .int16, rescaleSlope: 0.5, rescaleIntercept: 1)
        }
        let ds = try EnhancedMRBuilder.dataSet(frames: specs, sopInstanceUID: "1.2.3.99")
        let frames = try DICOMFrame.frames(of: DICOMFile.parse(bytes: DICOMWriter().encode(ds)))
        XCTAssertEqual(frames.count, 3)
        XCTAssertEqual(frames.map(\.flipAngleDeg), [5, 15, 15])
        XCTAssertEqual(frames.map { $0.acquisitionDateTime?.secondsOfDay }, [100, 100.75, 101.5])
        XCTAssertEqual(frames[2].pixels, [2, 1, 2, 3])
        XCTAssertEqual(frames[1].pixelSpacing, PixelSpacing(rowMm: 1.5, columnMm: 1.25))
        XCTAssertEqual(frames[1].position, SIMD3(1, 2, 3))
        XCTAssertEqual(frames[1].inversionTimeMs, 100)
        XCTAssertEqual(frames[1].echoTimeMs, 1.2)
    }

    func testBrokenInputsGivePreciseErrors() throws {
        let good = Bytes.part10(explicitLE, Bytes.image(pixels: [1, 2, 3, 4, 5, 6]))
        XCTAssertThrowsError(try DICOMFile.parse(bytes: [], path: "e")) { XCTAssertEqual($0 as? DICOMError, .emptyFile(path: "e")) }
        XCTAssertThrowsError(try DICOMFile.parse(bytes: Array("hello, this is text".utf8), path: "t")) { XCTAssertEqual($0 as? DICOMError, .notDICOM(path: "t")) }
        // Truncated header: the file ends inside an element header.
        XCTAssertThrowsError(try DICOMFile.parse(bytes: Array(good.prefix(good.count - 30)), path: "h")) { error in
            guard case .truncated? = error as? DICOMError else { return XCTFail("\(error)") }
        }
        // Truncated pixel data.
        XCTAssertThrowsError(try DICOMFile.parse(bytes: Array(good.dropLast(2)), path: "p")) { error in
            guard case let .truncated(_, tag, _, _)? = error as? DICOMError else { return XCTFail("\(error)") }
            XCTAssertEqual(tag, .pixelData)
        }
        // Pixel element shorter than the image needs (declared short, consistent lengths).
        let shortPixels = Bytes.part10(explicitLE, Bytes.image(pixels: [1, 2, 3]))
        XCTAssertThrowsError(try DICOMFrame.frames(of: DICOMFile.parse(bytes: shortPixels, path: "s"))) { XCTAssertTrue("\($0)".contains("pixel data holds 6 bytes")) }
        // Wrong VR length: Rows declared with 1 byte; the next element is misaligned.
        let wrongLength = Bytes.part10(explicitLE, Bytes.explicit(0x0028, 0x0010, "US", [2, 0], length: 1) + Bytes.explicit(0x0028, 0x0011, "US", Bytes.u16(3)))
        XCTAssertThrowsError(try DICOMFrame.frames(of: DICOMFile.parse(bytes: wrongLength, path: "w")))
        // Length field larger than the file.
        let huge = Bytes.part10(explicitLE, Bytes.explicit(0x0010, 0x0010, "UT", [], length: 0x7FFF_FFF0))
        XCTAssertThrowsError(try DICOMFile.parse(bytes: huge, path: "u")) { XCTAssertTrue("\($0)".contains("exceeds")) }
        // Missing pixel data.
        let noPixels = Bytes.part10(explicitLE, Bytes.explicit(0x0028, 0x0010, "US", Bytes.u16(2)) + Bytes.explicit(0x0028, 0x0011, "US", Bytes.u16(2)) + Bytes.explicit(0x0028, 0x0100, "US", Bytes.u16(16)))
        XCTAssertThrowsError(try DICOMFrame.frames(of: DICOMFile.parse(bytes: noPixels, path: "n"))) {
            XCTAssertEqual($0 as? DICOMError, .missingAttribute(path: "n", tag: .pixelData, name: "PixelData"))
        }
        // Compressed syntax, encapsulated pixel data: named in the error.
        let fragments = Bytes.u16(0xFFFE) + Bytes.u16(0xE000) + Bytes.u32(0) + Bytes.u16(0xFFFE) + Bytes.u16(0xE000) + Bytes.u32(4) + [1, 2, 3, 4]
            + Bytes.u16(0xFFFE) + Bytes.u16(0xE0DD) + Bytes.u32(0)
        let jpeg = Bytes.part10("1.2.840.10008.1.2.4.70", Bytes.explicit(0x0028, 0x0010, "US", Bytes.u16(2)) + Bytes.u16(0x7FE0) + Bytes.u16(0x0010) + Array("OB".utf8) + [0, 0] + Bytes.undefined + fragments)
        XCTAssertThrowsError(try DICOMFrame.frames(of: DICOMFile.parse(bytes: jpeg, path: "j.dcm"))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("j.dcm") && text.contains("JPEG Lossless") && text.contains("1.2.840.10008.1.2.4.70"), text)
        }
        // Sequences nested beyond the depth limit.
        var deep: [UInt8] = Bytes.text(0x0010, 0x0020, "LO", "x")
        for _ in 0..<40 { deep = Bytes.undefinedSequence(0x0008, 0x1140, items: [deep]) }
        XCTAssertThrowsError(try DICOMFile.parse(bytes: Bytes.part10(explicitLE, deep))) { XCTAssertTrue("\($0)".contains("nested")) }
    }
}
