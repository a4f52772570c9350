import NeuralEngine
import XCTest

final class BatchNormFoldingTests: XCTestCase {
    private func statistics(_ group: String) throws -> BatchNormStatistics {
        try BatchNormStatistics(weight: Fixtures.opValues(group, "bn_weight"), bias: Fixtures.opValues(group, "bn_bias"),
                                runningMean: Fixtures.opValues(group, "bn_running_mean"),
                                runningVariance: Fixtures.opValues(group, "bn_running_var"))
    }

    func testConvFollowedByBatchNormFoldsToPyTorchOutput() throws {
        let x = try Fixtures.op("conv_bn", "input"), y = try Fixtures.op("conv_bn", "output")
        let folded = try statistics("conv_bn").fold(convWeight: Fixtures.opValues("conv_bn", "weight"))
        let conv = try Conv2d(inChannels: 3, outChannels: 4, sameKernel: 3, weight: folded.weight, bias: folded.bias)
        assertParity(try conv(x), y, "conv + BN folded")
    }

    func testTransposedConvFollowedByBatchNormFoldsToPyTorchOutput() throws {
        let x = try Fixtures.op("deconv_bn", "input"), y = try Fixtures.op("deconv_bn", "output")
        let folded = try statistics("deconv_bn").fold(transposedWeight: Fixtures.opValues("deconv_bn", "weight"), inChannels: 4)
        let deconv = try ConvTranspose2d(inChannels: 4, outChannels: 2, kernel: (3, 3), stride: (2, 2), padding: (1, 1),
                                         outputPadding: (1, 1), weight: folded.weight, bias: folded.bias)
        assertParity(try deconv(x), y, "deconv + BN folded")
    }

    func testFoldingFormulaOnOneChannel() throws {
        // BN(w·x) with γ = 2, β = 1, μ = 3, σ² = 4 − ε: scale 1, so w' = w and b' = 1 − 3 = −2.
        let bn = try BatchNormStatistics(weight: [2], bias: [1], runningMean: [3], runningVariance: [4 - 1e-5])
        let folded = try bn.fold(convWeight: [0.5, 0.25])
        XCTAssertEqual(folded.weight[0], 0.5, accuracy: 1e-6)
        XCTAssertEqual(folded.weight[1], 0.25, accuracy: 1e-6)
        XCTAssertEqual(folded.bias[0], -2, accuracy: 1e-6)
    }
}
