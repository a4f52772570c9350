import NeuralEngine
import XCTest

final class PoolingTests: XCTestCase {
    func testMaxPool2x2MatchesPyTorch() throws {
        assertParity(MaxPool2d()(try Fixtures.op("maxpool2", "input")), try Fixtures.op("maxpool2", "output"), "maxpool 2")
    }

    func testMaxPool3x3Stride2Padding1MatchesPyTorch() throws {
        let pool = MaxPool2d(kernel: (3, 3), stride: (2, 2), padding: (1, 1))
        assertParity(pool(try Fixtures.op("maxpool3s2p1", "input")), try Fixtures.op("maxpool3s2p1", "output"), "maxpool 3 s2 p1")
    }
}
