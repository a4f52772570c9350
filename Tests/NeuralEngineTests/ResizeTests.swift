import NeuralEngine
import XCTest

final class ResizeTests: XCTestCase {
    func testNearestMatchesPyTorch() throws {
        let x = try Fixtures.op("nearest_x2", "input")
        assertParity(Resize.nearest(x, height: 10, width: 14), try Fixtures.op("nearest_x2", "output"), "nearest ×2")
        assertParity(Resize.nearest(x, height: 12, width: 9), try Fixtures.op("nearest_12x9", "output"), "nearest 12×9")
    }

    func testBilinearMatchesPyTorch() throws {
        let x = try Fixtures.op("bilinear_12x9", "input")
        assertParity(Resize.bilinear(x, height: 12, width: 9), try Fixtures.op("bilinear_12x9", "output"), "bilinear 12×9")
        assertParity(Resize.bilinear(x, height: 12, width: 9, alignCorners: true), try Fixtures.op("bilinear_12x9_ac", "output"), "bilinear align corners")
        assertParity(Resize.bilinear(x, height: 3, width: 4), try Fixtures.op("bilinear_3x4", "output"), "bilinear down")
    }

    func testAdditiveUpSampleBlockMatchesMONAI() throws {
        let g = "additive_upsample"
        let bn = try BatchNormStatistics(weight: Fixtures.opValues(g, "bn_weight"), bias: Fixtures.opValues(g, "bn_bias"),
                                         runningMean: Fixtures.opValues(g, "bn_running_mean"), runningVariance: Fixtures.opValues(g, "bn_running_var"))
        let up = try AdditiveUpSample(inChannels: 6, outChannels: 3, weight: Fixtures.opValues(g, "weight"), batchNorm: bn)
        assertParity(try up(Fixtures.op(g, "input")), try Fixtures.op(g, "output"), "additive up-sampling")
    }
}
