import Foundation
import HDF5IO
import XCTest

final class HDF5GroupTests: XCTestCase {
    private var path: String!

    override func setUp() { path = FileManager.default.temporaryDirectory.appendingPathComponent("h5-\(UUID().uuidString).h5").path }
    override func tearDown() { try? FileManager.default.removeItem(atPath: path) }

    func testRoundTripOfNdArraysStringsAndAttributes() throws {
        do {
            let file = try HDF5File(path: path, mode: .truncate)
            let g = try file.createGroup("slice_1")
            try g.write("pixels", values: (0..<24).map(Float.init), shape: [2, 3, 4], compress: true)
            try g.write("times", values: [0.0, 0.95], shape: [2])
            try g.write("labels", values: [UInt8](arrayLiteral: 0, 1, 2, 3), shape: [2, 2])
            try g.write("pd", values: [Int64(0), 1], shape: [2])
            try g.write("counts", values: [Int32(-5), 7], shape: [2])
            try g.writeString("note", "perfusion µ")
            try g.setAttribute("description", "mid slice")
            try g.setAttribute("spacing", [1.8, 1.9])
            try g.setAttribute("frames", 2)
            try g.setAttribute("units", "mmol/L", on: "times")
            try file.setAttribute("version", 1.5)
        }
        let file = try HDF5File(path: path, mode: .read)
        XCTAssertEqual(file.memberNames(), ["slice_1"])
        let g = try file.openGroup("slice_1")
        XCTAssertEqual(g.memberNames(), ["counts", "labels", "note", "pd", "pixels", "times"])
        let pixels: HDF5Array<Float> = try g.read("pixels")
        XCTAssertEqual(pixels.shape, [2, 3, 4])
        XCTAssertEqual(pixels.values, (0..<24).map(Float.init))
        XCTAssertEqual(try g.read("times", as: Double.self, shape: [2]), [0, 0.95])
        XCTAssertEqual(try g.read("labels", as: UInt8.self).values, [0, 1, 2, 3])
        XCTAssertEqual(try g.read("pd", as: Int64.self).values, [0, 1])
        XCTAssertEqual(try g.read("counts", as: Int32.self).values, [-5, 7])
        XCTAssertEqual(try g.readString("note"), "perfusion µ")
        XCTAssertEqual(try g.stringAttribute("description"), "mid slice")
        XCTAssertEqual(try g.numericAttribute("spacing", as: Double.self), [1.8, 1.9])
        XCTAssertEqual(try g.intAttribute("frames"), 2)
        XCTAssertEqual(try g.stringAttribute("units", on: "times"), "mmol/L")
        XCTAssertEqual(try file.doubleAttribute("version"), 1.5)
        // Float data widen to Double on read.
        XCTAssertEqual(try g.read("pixels", as: Double.self).values[23], 23)
    }

    func testErrorsNameTheFileAndObject() throws {
        do {
            let file = try HDF5File(path: path, mode: .truncate)
            try file.write("x", values: [Float(1), 2, 3], shape: [3])
        }
        let file = try HDF5File(path: path, mode: .read)
        XCTAssertThrowsError(try file.read("missing", as: Float.self)) { error in
            XCTAssertEqual(error as? HDF5Error, .missingObject(path: self.path, name: "/missing"))
            XCTAssertTrue(String(describing: error).contains(self.path))
        }
        XCTAssertThrowsError(try file.read("x", as: Float.self, shape: [2, 2]))
        XCTAssertThrowsError(try file.read("x", as: Int32.self))  // float data are not integers
        XCTAssertThrowsError(try file.stringAttribute("nope"))
        XCTAssertThrowsError(try file.write("bad", values: [Float(1)], shape: [2]))
    }

    func testOpeningNonHDF5FileFails() throws {
        try "not hdf5".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try HDF5File(path: path, mode: .read)) {
            XCTAssertEqual($0 as? HDF5Error, .cannotOpen(path: self.path))
        }
        XCTAssertThrowsError(try HDF5File(path: path + ".absent", mode: .read))
    }

    func testAppendableDatasetStreamsRecords() throws {
        do {
            let file = try HDF5File(path: path, mode: .truncate)
            let ds = try HDF5AppendableDataset<Float>(in: file, name: "pairs", recordShape: [2, 3], chunkRecords: 4)
            for i in 0..<10 { try ds.append((0..<6).map { Float(i * 6 + $0) }) }
            try ds.append((60..<72).map(Float.init))  // two records at once
            XCTAssertEqual(ds.count, 12)
            XCTAssertThrowsError(try ds.append([1, 2, 3]))
        }
        let file = try HDF5File(path: path, mode: .read)
        let all: HDF5Array<Float> = try file.read("pairs")
        XCTAssertEqual(all.shape, [12, 2, 3])
        XCTAssertEqual(all.values, (0..<72).map(Float.init))
    }
}
