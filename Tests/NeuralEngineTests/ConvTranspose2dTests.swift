import NeuralEngine
import XCTest

final class ConvTranspose2dTests: XCTestCase {
    func testMONAIDeconvGeometryMatchesPyTorch() throws {
        let x = try Fixtures.op("deconv_k3s2p1op1", "input"), y = try Fixtures.op("deconv_k3s2p1op1", "output")
        let deconv = try ConvTranspose2d(inChannels: 6, outChannels: 3, kernel: (3, 3), stride: (2, 2), padding: (1, 1),
                                         outputPadding: (1, 1), weight: Fixtures.opValues("deconv_k3s2p1op1", "weight"))
        XCTAssertEqual(deconv.outputSize(height: 5, width: 4).height, 10)
        assertParity(try deconv(x), y, "deconv k3 s2 p1 op1")
    }

    func testKernel2Stride2WithBiasMatchesPyTorch() throws {
        let x = try Fixtures.op("deconv_k2s2", "input"), y = try Fixtures.op("deconv_k2s2", "output")
        let deconv = try ConvTranspose2d(inChannels: 4, outChannels: 2, kernel: (2, 2), stride: (2, 2),
                                         weight: Fixtures.opValues("deconv_k2s2", "weight"), bias: Fixtures.opValues("deconv_k2s2", "bias"))
        assertParity(try deconv(x), y, "deconv k2 s2")
    }
}
