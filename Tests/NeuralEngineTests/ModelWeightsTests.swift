import Foundation
import HDF5IO
import NeuralEngine
import XCTest

final class ModelWeightsTests: XCTestCase {
    private var temporary: URL!

    override func setUpWithError() throws {
        temporary = FileManager.default.temporaryDirectory.appendingPathComponent("neural-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: temporary) }

    func testPythonWrittenFileLoadsWithMatchingChecksumAndMetadata() throws {
        let weights = try ModelWeights.load(path: Fixtures.path("globalnet_d2.h5"))
        XCTAssertEqual(weights.config, .globalNet(imageSize: [32, 32], depth: 2, numChannelInitial: 4))
        XCTAssertEqual(weights.inputNormalisation, .none)
        XCTAssertTrue(weights.provenanceJSON.contains("export_golden.py"))
        XCTAssertEqual(weights.sha256, weights.parameters.sha256())
        XCTAssertEqual(weights.parameters.entries["bottom_block.1.norms.0.running_var"]?.shape, [16])
    }

    /// Copies the Python fixture's parameters into a Swift-written file, optionally altered.
    private func rewritten(_ alter: (inout [String: ParameterStore.Entry]) -> Void, recordedSHA: String? = nil) throws -> String {
        let source = try ModelWeights.load(path: Fixtures.path("globalnet_d2.h5"))
        var entries = source.parameters.entries
        alter(&entries)
        let path = temporary.appendingPathComponent("model.h5").path
        try ModelWeights.write(path: path, config: source.config, parameters: ParameterStore(source: path, entries: entries),
                               provenanceJSON: source.provenanceJSON)
        if let recordedSHA { try HDF5File(path: path, mode: .readWrite).setAttribute("sha256", recordedSHA) }
        return path
    }

    func testSwiftWrittenFileRoundTripsToTheSameOutputs() throws {
        let path = try rewritten { _ in }
        let x = try Fixtures.tensor("globalnet_d2.h5", "golden", "input")
        let original = try NeuralNetwork.load(path: Fixtures.path("globalnet_d2.h5"))(x)
        XCTAssertEqual(try NeuralNetwork.load(path: path)(x), original)
        XCTAssertEqual(try ModelWeights.load(path: path).sha256, try ModelWeights.load(path: Fixtures.path("globalnet_d2.h5")).sha256)
    }

    func testChecksumMismatchIsDetected() throws {
        let path = try rewritten({ $0["output_block.fc.bias"]!.values[0] += 1e-3 },
                                 recordedSHA: try ModelWeights.load(path: Fixtures.path("globalnet_d2.h5")).sha256)
        XCTAssertThrowsError(try ModelWeights.load(path: path)) { error in
            guard case NeuralEngineError.checksumMismatch = error else { return XCTFail("\(error)") }
        }
    }

    func testMissingTensorIsNamed() throws {
        let path = try rewritten { $0["encode_convs.1.1.norms.0.running_mean"] = nil }
        XCTAssertThrowsError(try NeuralNetwork.load(path: path)) { error in
            XCTAssertEqual(error as? NeuralEngineError, .missingTensor(file: path, key: "encode_convs.1.1.norms.0.running_mean"))
        }
    }

    func testMisShapedTensorIsNamedWithBothShapes() throws {
        let path = try rewritten { $0["bottom_block.0.conv.weight"]!.shape = [16, 8, 9, 1] }
        XCTAssertThrowsError(try NeuralNetwork.load(path: path)) { error in
            XCTAssertEqual(error as? NeuralEngineError,
                           .wrongTensorShape(file: path, key: "bottom_block.0.conv.weight", expected: [16, 8, 3, 3], got: [16, 8, 9, 1]))
            XCTAssertTrue("\(error)".contains("bottom_block.0.conv.weight"))
        }
    }

    func testUnexpectedTensorIsReported() throws {
        let path = try rewritten { $0["extra.weight"] = .init(shape: [1], values: [0]) }
        XCTAssertThrowsError(try NeuralNetwork.load(path: path)) { error in
            XCTAssertEqual(error as? NeuralEngineError, .unexpectedTensors(file: path, keys: ["extra.weight"]))
        }
    }

    func testNonModelFileIsAClearError() throws {
        let path = temporary.appendingPathComponent("not-a-model.h5").path
        try "hello".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ModelWeights.load(path: path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }
}
