import NeuralEngine
import XCTest

final class LocalNetTests: XCTestCase {
    private func check(_ file: String) throws {
        let network = try NeuralNetwork.load(path: Fixtures.path(file))
        XCTAssertEqual(network.config.architecture, .localNet)
        let x = try Fixtures.tensor(file, "golden", "input"), y = try Fixtures.tensor(file, "golden", "output")
        assertParity(try network(x), y, "\(file) whole network")
    }

    func testLocalNetLevels0To3MatchesMONAI() throws { try check("localnet_l0123.h5") }

    func testLocalNetLevels1To3MatchesMONAI() throws { try check("localnet_l123.h5") }

    func testRandomWeightsBuildForRealisticConfig() throws {
        // LocalNet 96², extract levels 0–4, C0 16 has 1.80 M parameters (reference table).
        let store = ParameterStore.random(seed: 2)
        _ = try NeuralNetwork(config: .localNet(extractLevels: [0, 1, 2, 3, 4]), parameters: store)
        let count = store.entries.filter { !$0.key.hasSuffix("running_mean") && !$0.key.hasSuffix("running_var") }
            .reduce(0) { $0 + $1.value.values.count }
        XCTAssertEqual(Double(count) / 1e6, 1.80, accuracy: 0.01)
    }
}
