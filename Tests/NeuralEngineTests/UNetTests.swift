import NeuralEngine
import XCTest

final class UNetTests: XCTestCase {
    private func check(_ file: String) throws {
        let network = try NeuralNetwork.load(path: Fixtures.path(file))
        XCTAssertEqual(network.config.architecture, .basicUNet)
        let x = try Fixtures.tensor(file, "golden", "input"), y = try Fixtures.tensor(file, "golden", "output")
        assertParity(try network(x), y, "\(file) whole network")
    }

    func testBasicUNetWithBatchNormAndLeakyReLUMatchesMONAI() throws { try check("basicunet_batch.h5") }

    func testBasicUNetWithInstanceNormAndReLUMatchesMONAI() throws { try check("basicunet_instance.h5") }

    func testFrameSizeNotDivisibleBy16IsAClearError() throws {
        let network = try NeuralNetwork.load(path: Fixtures.path("basicunet_batch.h5"))
        XCTAssertThrowsError(try network(Tensor(batch: 1, channels: 1, height: 24, width: 32))) { error in
            XCTAssertTrue("\(error)".contains("divisible by 16"), "\(error)")
        }
    }
}
