import MyoFlowCore
import NeuralEngine
import XCTest

final class TensorWarpTests: XCTestCase {
    func testBilinearWarpMatchesMONAIWarp() throws {
        let out = try Warp(mode: .bilinear)(Fixtures.op("warp_bilinear", "input"), ddf: Fixtures.op("warp_bilinear", "ddf"))
        assertParity(out, try Fixtures.op("warp_bilinear", "output"), "bilinear warp")
    }

    func testNearestWarpOfLabelsMatchesMONAIWarp() throws {
        let out = try Warp(mode: .nearest)(Fixtures.op("warp_nearest", "input"), ddf: Fixtures.op("warp_nearest", "ddf"))
        XCTAssertEqual(out.values, try Fixtures.op("warp_nearest", "output").values)
    }

    func testCompositionMatchesMONAI() throws {
        let composed = try Warp.compose(Fixtures.op("compose", "first"), then: Fixtures.op("compose", "second"))
        assertParity(composed, try Fixtures.op("compose", "output"), "composed DDF")
    }

    func testBatchedWarpAgreesWithCoreDisplacementField() throws {
        let image = try Fixtures.op("warp_bilinear", "input"), ddf = try Fixtures.op("warp_bilinear", "ddf")
        let out = try Warp()(image, ddf: ddf)
        let field = try ddf.displacementField(frame: 1)
        let plane = image.height * image.width
        let channel2 = Array(image.values[(image.frameCount + 2 * plane)..<(image.frameCount + 3 * plane)])
        let core = try field.warp(Image2D(rows: image.height, columns: image.width, pixels: channel2))
        let mine = Array(out.values[(image.frameCount + 2 * plane)..<(image.frameCount + 3 * plane)])
        for i in 0..<plane { XCTAssertEqual(mine[i], core.pixels[i], accuracy: 1e-5) }
        // Composition agrees with the core's followed(by:).
        let first = try ddf.displacementField(frame: 0), second = try ddf.displacementField(frame: 1)
        let composedCore = Tensor(first.followed(by: second))
        let composed = try Warp.compose(Tensor(first), then: Tensor(second))
        assertParity(composed, composedCore, tolerance: 1e-5, "compose vs core")
    }
}
