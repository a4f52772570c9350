import NeuralEngine
import XCTest

final class Conv2dTests: XCTestCase {
    private func check(_ group: String, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), bias: Bool) throws {
        let x = try Fixtures.op(group, "input"), y = try Fixtures.op(group, "output")
        let conv = try Conv2d(inChannels: x.channels, outChannels: y.channels, kernel: kernel, stride: stride, padding: padding,
                              weight: Fixtures.opValues(group, "weight"), bias: bias ? Fixtures.opValues(group, "bias") : nil)
        assertParity(try conv(x), y, group)
    }

    func testSameConvolution3x3WithBiasMatchesPyTorch() throws {
        try check("conv3x3", kernel: (3, 3), stride: (1, 1), padding: (1, 1), bias: true)
    }

    func testConvolution7x7WithoutBiasMatchesPyTorch() throws {
        try check("conv7x7", kernel: (7, 7), stride: (1, 1), padding: (3, 3), bias: false)
    }

    func testStridedConvolutionWithoutPaddingMatchesPyTorch() throws {
        try check("conv2x2s2", kernel: (2, 2), stride: (2, 2), padding: (0, 0), bias: false)
    }

    func testAsymmetricKernelStrideAndPaddingMatchPyTorch() throws {
        try check("conv5x3_s21_p21", kernel: (5, 3), stride: (2, 1), padding: (2, 1), bias: true)
    }

    func testOneByOneConvolutionIsAChannelMix() throws {
        // Independent expectation: a 1×1 conv is y[o] = Σ_i W[o, i]·x[i] + b[o] at each pixel.
        let x = try Tensor(batch: 1, channels: 2, height: 2, width: 2, values: [1, 2, 3, 4, 10, 20, 30, 40])
        let conv = try Conv2d(inChannels: 2, outChannels: 1, kernel: (1, 1), weight: [0.5, -1], bias: [3])
        let expected: [Float] = [-6.5, -16, -25.5, -35]  // 0.5·x₀ − x₁ + 3
        XCTAssertEqual(try conv(x).values, expected)
    }

    func testWrongInputChannelsThrows() throws {
        let conv = try Conv2d(inChannels: 3, outChannels: 1, kernel: (1, 1), weight: [1, 1, 1])
        XCTAssertThrowsError(try conv(Tensor(batch: 1, channels: 2, height: 2, width: 2)))
    }
}
