import NeuralEngine
import XCTest

final class ActivationsTests: XCTestCase {
    func testPointwiseActivationsMatchPyTorch() throws {
        let x = try Fixtures.op("relu", "input")
        assertParity(x.applying(.relu), try Fixtures.op("relu", "output"), "relu")
        assertParity(x.applying(.leakyReLU(slope: 0.2)), try Fixtures.op("leaky_relu", "output"), "leaky relu")
        assertParity(x.applying(.sigmoid), try Fixtures.op("sigmoid", "output"), "sigmoid")
    }

    func testSoftmaxOverChannelsMatchesPyTorch() throws {
        assertParity(try Fixtures.op("softmax", "input").softmaxOverChannels(), try Fixtures.op("softmax", "output"), "softmax")
    }

    func testConcatenationAndAddition() throws {
        let a = try Tensor(batch: 2, channels: 1, height: 1, width: 2, values: [1, 2, 3, 4])
        let b = try Tensor(batch: 2, channels: 2, height: 1, width: 2, values: [5, 6, 7, 8, 9, 10, 11, 12])
        let c = try Tensor.concatenateChannels([a, b])
        XCTAssertEqual(c.shape, [2, 3, 1, 2])
        XCTAssertEqual(c.values, [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12])
        XCTAssertEqual((a + a).values, [2, 4, 6, 8])
    }
}
