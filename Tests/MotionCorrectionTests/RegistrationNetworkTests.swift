import Foundation
import HDF5IO
import MotionCorrection
import MyoFlowCore
import NeuralEngine
import XCTest

/// The shipped registration networks against PyTorch (issue 7: the Swift engine's output on 20
/// validation pairs matches within tolerance) and the loader's errors. The fixtures
/// (Fixtures/<name>_golden.h5: `input` [20, 2, H, W] prepared pairs, `output` the PyTorch DDF,
/// attribute `model_sha256`) are written by tools/train/export_registration.py together with the
/// model file, so the test holds for whichever weights are shipped.
final class RegistrationNetworkTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let modelsFolder = packageRoot.appendingPathComponent("Models").path

    private func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("regnet-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testShippedNetworksMatchPyTorchOnValidationPairs() throws {
        for (name, architecture) in [("affine1", ModelConfig.Architecture.globalNet), ("affine2", .globalNet), ("nonrigid", .localNet)] {
            let network = try RegistrationNetwork.load(path: "\(Self.modelsFolder)/\(name).h5", workers: 2)
            let fixture = try HDF5File(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)_golden.h5").path, mode: .read)
            XCTAssertEqual(try fixture.stringAttribute("model_sha256"), network.sha256, "\(name): the fixture belongs to another export of the model")
            XCTAssertEqual(network.network.config.architecture, architecture, name)
            let input: HDF5Array<Float> = try fixture.read("input"), output: HDF5Array<Float> = try fixture.read("output")
            XCTAssertEqual(input.shape, [20, 2, network.gridSize, network.gridSize], "\(name): pairs on the model's grid_size")
            XCTAssertGreaterThan(network.gridPixelMm, 0)
            let x = try Tensor(shape: input.shape, values: input.values), expected = try Tensor(shape: output.shape, values: output.values)
            let y = try network.session.run(x)
            XCTAssertEqual(y.shape, expected.shape, name)
            let difference = y.maxAbsDifference(expected)
            print(String(format: "%@: Swift vs PyTorch on 20 validation pairs: max |Δ| %.2e px (output max %.2f px)", name, difference, expected.maxAbs))
            XCTAssertLessThanOrEqual(difference, 1e-3, "\(name): DDF differs from PyTorch by \(difference) px")
        }
    }

    func testSwappedInputsExchangeTheChannels() throws {
        let network = try RegistrationNetwork(network: DeepEstimatorsTests.constantGlobalNet(theta: [1, 0, 0, 0, 1, 0]), gridPixelMm: 3, gridSize: 32, name: "constant GlobalNet")
        let grid = network.grid(centre: PixelPosition(row: 25, column: 22), spacing: PixelSpacing(isotropicMm: 2))
        var rng = SplitMix64(seed: 11)
        func image() throws -> Image2D { try Image2D(rows: 50, columns: 44, pixels: (0..<(50 * 44)).map { _ in Float(rng.uniform(0, 1)) }) }
        let pair = AffinePair(fixed: try image(), moving: try image(), initial: .about(centre: (25, 22), rotation: 0.1, translation: (1, -2)))
        let plain = try network.inputs([pair], grid: grid), swapped = try network.inputs([pair], grid: grid, swapped: true)
        let plane = 32 * 32
        XCTAssertEqual(Array(swapped.values[0..<plane]), Array(plain.values[plane..<(2 * plane)]), "channel 0 is the fixed frame")
        XCTAssertEqual(Array(swapped.values[plane..<(2 * plane)]), Array(plain.values[0..<plane]), "channel 1 is the moving frame through `initial`")
        XCTAssertNotEqual(Array(plain.values[0..<plane]), Array(plain.values[plane..<(2 * plane)]))
    }

    /// A small GlobalNet model file with the given provenance.
    private func writeGlobalNet(_ path: String, provenance: String, imageSize: Int = 32) throws {
        let config = ModelConfig.globalNet(imageSize: [imageSize, imageSize], depth: 2, numChannelInitial: 4)
        let store = ParameterStore.random(seed: 9)
        _ = try NeuralNetwork(config: config, parameters: store)
        try ModelWeights.write(path: path, config: config, parameters: ParameterStore(source: "test", entries: store.entries),
                               inputNormalisation: InputNormalisation(method: .minmaxHistogramEqualisation), provenanceJSON: provenance)
    }

    func testGridIsReadFromTheProvenance() throws {
        let folder = try temporaryFolder()
        try writeGlobalNet(folder + "/good.h5", provenance: #"{"grid_pixel_mm": 2.5, "grid_size": 32, "model": "affine1"}"#)
        let network = try RegistrationNetwork.load(path: folder + "/good.h5")
        XCTAssertEqual(network.gridPixelMm, 2.5)
        XCTAssertEqual(network.gridSize, 32)
        let grid = network.grid(centre: PixelPosition(row: 10, column: 12), spacing: PixelSpacing(isotropicMm: 1.25))
        XCTAssertEqual(grid.size, 32)
        XCTAssertEqual(grid.scale.row, 2)
    }

    func testModelFilesWithoutTheGridOrOnAnotherGridAreErrorsNamingTheFile() throws {
        let folder = try temporaryFolder()
        try writeGlobalNet(folder + "/nogrid.h5", provenance: #"{"model": "affine1"}"#)
        XCTAssertThrowsError(try RegistrationNetwork.load(path: folder + "/nogrid.h5")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(folder + "/nogrid.h5") && text.contains("grid_pixel_mm") && text.contains("--moco iterative"), text)
        }
        try writeGlobalNet(folder + "/mismatch.h5", provenance: #"{"grid_pixel_mm": 1.5, "grid_size": 64}"#)
        XCTAssertThrowsError(try RegistrationNetwork.load(path: folder + "/mismatch.h5")) { error in
            XCTAssertTrue("\(error)".contains(folder + "/mismatch.h5") && "\(error)".contains("grid_size 64"), "\(error)")
        }
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: folder + "/garbage.h5"))
        XCTAssertThrowsError(try RegistrationNetwork.load(path: folder + "/garbage.h5")) { error in
            XCTAssertTrue("\(error)".contains(folder + "/garbage.h5") && "\(error)".contains("--moco iterative"), "\(error)")
        }
    }
}
