import Foundation
import HDF5IO
import NeuralEngine
import XCTest

/// Golden fixtures exported by tools/export/export_golden.py, located next to this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A tensor dataset `group/name` of `file` (NCHW, or N×F read as N×F×1×1).
    static func tensor(_ file: String, _ group: String, _ name: String) throws -> Tensor {
        let f = try HDF5File(path: path(file), mode: .read)
        let array: HDF5Array<Float> = try f.openGroup(group).read(name)
        return try Tensor(shape: array.shape, values: array.values)
    }

    /// A raw float dataset (any shape).
    static func values(_ file: String, _ group: String, _ name: String) throws -> [Float] {
        let f = try HDF5File(path: path(file), mode: .read)
        let array: HDF5Array<Float> = try f.openGroup(group).read(name)
        return array.values
    }

    static func op(_ group: String, _ name: String) throws -> Tensor { try tensor("ops.h5", group, name) }
    static func opValues(_ group: String, _ name: String) throws -> [Float] { try values("ops.h5", group, name) }
}

/// Asserts max |actual − expected| ≤ tolerance · max(1e-6, max |expected|) (parity relative to
/// the output scale) and equal shapes.
func assertParity(_ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-4, _ what: String,
                  file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "\(what): shape", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    let scale = max(expected.maxAbs, 1e-6)
    let error = actual.maxAbsDifference(expected)
    XCTAssertLessThanOrEqual(error / scale, tolerance, "\(what): max abs error \(error) at output scale \(scale)", file: file, line: line)
}
