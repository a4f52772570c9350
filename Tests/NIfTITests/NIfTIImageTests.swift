import Foundation
import MyoFlowCore
import NIfTI
import XCTest

final class NIfTIImageTests: XCTestCase {
    let geometry = SliceGeometry(position: SIMD3(10, 20, 30), rowDirection: SIMD3(1, 0, 0), columnDirection: SIMD3(0, 1, 0),
                                 spacing: PixelSpacing(rowMm: 2, columnMm: 3), sliceThicknessMm: 8)

    func testAffineFromLPSGeometry() {
        // i = column along rowDirection ×3 mm, j = row along columnDirection ×2 mm; RAS flips x and y.
        let a = NIfTIAffine.affine(from: geometry)
        XCTAssertEqual(a[0], [-3, 0, 0, -10])
        XCTAssertEqual(a[1], [0, -2, 0, -20])
        XCTAssertEqual(a[2], [0, 0, 8, 30])
        XCTAssertEqual(NIfTIAffine.geometry(from: a), geometry)
    }

    func testSeriesRoundTripUncompressedAndGzip() throws {
        let frames = 4, rows = 3, columns = 5
        let pixels = (0..<(frames * rows * columns)).map { Float($0) * 0.5 - 3 }
        let series = try ImageSeries(frames: frames, rows: rows, columns: columns, pixels: pixels, geometry: geometry,
                                     timesSeconds: [0, 0.9, 1.8, 2.7])
        let dir = FileManager.default.temporaryDirectory.path + "/nifti-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["s.nii", "s.nii.gz"] {
            try NIfTIImage(series: series).write(to: dir + "/" + name)
            let image = try NIfTIImage.read(path: dir + "/" + name)
            XCTAssertEqual(image.dims, [columns, rows, 1, frames])
            let back = try image.imageSeries(path: name)
            XCTAssertEqual(back.pixels, pixels)
            XCTAssertEqual(back.timesSeconds[3], 2.7, accuracy: 1e-6)
            XCTAssertEqual(back.geometry.position, geometry.position)
            XCTAssertEqual(back.geometry.spacing, geometry.spacing)
            XCTAssertEqual(back[2, 1, 4], series[2, 1, 4])
        }
        let gz = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/s.nii.gz")))
        XCTAssertEqual(Array(gz.prefix(2)), [0x1F, 0x8B])
    }

    func testLabelMapIsUInt8() throws {
        let map = try LabelMap(rows: 2, columns: 3, labels: [0, 1, 2, 3, 2, 1])
        let image = try NIfTIImage(labelMap: map, geometry: geometry)
        let bytes = image.encoded()
        XCTAssertEqual(bytes.count, 352 + 6)
        XCTAssertEqual(Array(bytes[352...]), [0, 1, 2, 3, 2, 1])
        XCTAssertEqual(try NIfTIImage.parse(bytes: bytes).values, [0, 1, 2, 3, 2, 1])
    }

    func testQFormOnlyHeader() throws {
        // 90° rotation about z: quaternion (a, b, c, d) = (cos 45°, 0, 0, sin 45°).
        var image = try NIfTIImage(dims: [2, 2], pixdim: [2, 3], values: [1, 2, 3, 4],
                                   affine: [[0, -3, 0, 5], [2, 0, 0, 6], [0, 0, 1, 7], [0, 0, 0, 1]])
        image.datatype = NIfTIImage.float32
        var bytes = image.encoded()
        bytes[254] = 0; bytes[255] = 0  // sform_code = 0: the reader must use the quaternion
        let read = try NIfTIImage.parse(bytes: bytes)
        for r in 0..<3 { for c in 0..<4 { XCTAssertEqual(read.affine[r][c], image.affine[r][c], accuracy: 1e-5, "[\(r)][\(c)]") } }
    }

    func testThreeDimensionalSeriesUsesTimeStep() throws {
        let image = try NIfTIImage(dims: [2, 2, 3], pixdim: [1, 1, 1, 0.8], values: (0..<12).map(Float.init),
                                   affine: [[-1, 0, 0, 0], [0, -1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], timeUnitSeconds: 1)
        let series = try NIfTIImage.parse(bytes: image.encoded()).imageSeries(path: "x")
        XCTAssertEqual(series.frames, 3)
        XCTAssertEqual(series.timesSeconds, [0, Double(Float(0.8)), 2 * Double(Float(0.8))])
        XCTAssertEqual(series[1, 0, 1], 5)
    }

    func testBrokenFilesGiveErrors() throws {
        let image = try NIfTIImage(rows: 4, columns: 4, values: [Float](repeating: 1, count: 16), geometry: geometry)
        let bytes = image.encoded()
        XCTAssertThrowsError(try NIfTIImage.parse(bytes: Array(bytes.dropLast(3)))) { XCTAssertTrue("\($0)".contains("truncated")) }
        XCTAssertThrowsError(try NIfTIImage.parse(bytes: Array(bytes.prefix(100))))
        XCTAssertThrowsError(try NIfTIImage.parse(bytes: [UInt8](repeating: 7, count: 400))) { XCTAssertTrue("\($0)".contains("not a NIfTI")) }
        var gz = try Gzip.compress(bytes)
        gz.removeLast(gz.count / 2)
        XCTAssertThrowsError(try Gzip.decompress(gz, path: "x.nii.gz")) { XCTAssertTrue("\($0)".contains("gzip")) }
        var badType = bytes
        badType[70] = 99
        XCTAssertThrowsError(try NIfTIImage.parse(bytes: badType)) { XCTAssertTrue("\($0)".contains("datatype code 99")) }
    }
}
