import NeuralEngine
import XCTest

final class GlobalNetTests: XCTestCase {
    private func check(_ file: String) throws {
        let network = try NeuralNetwork.load(path: Fixtures.path(file))
        XCTAssertEqual(network.config.architecture, .globalNet)
        let x = try Fixtures.tensor(file, "golden", "input"), y = try Fixtures.tensor(file, "golden", "output")
        assertParity(try network(x), y, "\(file) whole network")
    }

    func testGlobalNetDepth2MatchesMONAI() throws { try check("globalnet_d2.h5") }

    func testGlobalNetDepth3WithStridedConvDownSamplingMatchesMONAI() throws { try check("globalnet_d3_strided.h5") }

    func testWrongFrameSizeIsAClearError() throws {
        let network = try NeuralNetwork.load(path: Fixtures.path("globalnet_d2.h5"))
        XCTAssertThrowsError(try network(Tensor(batch: 1, channels: 2, height: 16, width: 32))) { error in
            XCTAssertTrue("\(error)".contains("image_size"), "\(error)")
        }
    }

    func testRandomWeightsBuildForRealisticConfig() throws {
        // The benchmark config: GlobalNet 128², depth 4, C0 16 has 2.06 M parameters (reference table).
        let store = ParameterStore.random(seed: 1)
        _ = try NeuralNetwork(config: .globalNet(imageSize: [128, 128], depth: 4), parameters: store)
        let count = store.entries.values.reduce(0) { $0 + $1.values.count }
        let batchNormStatistics = store.entries.filter { $0.key.hasSuffix("running_mean") || $0.key.hasSuffix("running_var") }
            .reduce(0) { $0 + $1.value.values.count }
        XCTAssertEqual(Double(count - batchNormStatistics) / 1e6, 2.06, accuracy: 0.01)
    }
}
