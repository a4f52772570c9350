import NeuralEngine
import XCTest

final class LinearTests: XCTestCase {
    func testLinearMatchesPyTorch() throws {
        let linear = try Linear(inFeatures: 20, outFeatures: 6, weight: Fixtures.opValues("linear", "weight"),
                                bias: Fixtures.opValues("linear", "bias"))
        assertParity(try linear(Fixtures.op("linear", "input")), try Fixtures.op("linear", "output"), "linear")
    }
}
