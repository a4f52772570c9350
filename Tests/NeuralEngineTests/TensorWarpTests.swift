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

    func testAffineThenDenseCompositionAgreesWithCoreAndWarpsLikeTwoSteps() throws {
        let affine = AffineTransform2D.about(centre: (4, 3.5), rotation: 0.1, scale: 1.05, translation: (0.7, -0.4))
        let dense = try Fixtures.op("compose", "second")
        let composed = try Warp.compose(Warp.ddf(affine, height: 9, width: 8), then: dense)
        let core = Tensor(affine.displacementField(rows: 9, columns: 8).followed(by: try dense.displacementField(frame: 0)))
        assertParity(composed, core, tolerance: 1e-5, "affine ∘ dense vs core")
        // A linear ramp image is warped exactly by bilinear interpolation wherever no sample
        // position is clamped, so one warp with the composed field equals the two warps there.
        var ramp = Tensor(batch: 1, channels: 1, height: 9, width: 8)
        for r in 0..<9 { for c in 0..<8 { ramp[0, 0, r, c] = 2 * Float(r) - 3 * Float(c) } }
        let twice = try Warp()(Warp()(ramp, ddf: Warp.ddf(affine, height: 9, width: 8)), ddf: dense)
        let once = try Warp()(ramp, ddf: composed)
        var checked = 0
        for r in 0..<9 {
            for c in 0..<8 {
                let pr = Float(r) + composed[0, 0, r, c], pc = Float(c) + composed[0, 1, r, c]
                let qr = Float(r) + dense[0, 0, r, c], qc = Float(c) + dense[0, 1, r, c]
                guard pr > 0, pr < 8, pc > 0, pc < 7, qr > 0, qr < 8, qc > 0, qc < 7 else { continue }
                // The four grid nodes around q must sample the ramp unclamped in the first warp.
                let nodes = [(qr.rounded(.down), qc.rounded(.down)), (qr.rounded(.down), qc.rounded(.up)),
                             (qr.rounded(.up), qc.rounded(.down)), (qr.rounded(.up), qc.rounded(.up))]
                guard nodes.allSatisfy({ node in
                    let a = affine.samplePosition(row: Double(node.0), column: Double(node.1))
                    return a.row >= 0 && a.row <= 8 && a.column >= 0 && a.column <= 7
                }) else { continue }
                XCTAssertEqual(once[0, 0, r, c], twice[0, 0, r, c], accuracy: 1e-3)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10)
    }
}
