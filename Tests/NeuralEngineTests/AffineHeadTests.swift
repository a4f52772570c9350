import MyoFlowCore
import NeuralEngine
import XCTest

final class AffineHeadTests: XCTestCase {
    private func head() throws -> AffineHead {
        let linear = try Linear(inFeatures: 12, outFeatures: 6, weight: Fixtures.opValues("affine_head", "weight"),
                                bias: Fixtures.opValues("affine_head", "bias"))
        return try AffineHead(linear: linear, imageHeight: 6, imageWidth: 5)
    }

    func testThetaAndDDFMatchMONAI() throws {
        let x = try Fixtures.op("affine_head", "input")
        assertParity(try head().theta(x), try Fixtures.op("affine_head", "theta"), "θ")
        assertParity(try head()(x), try Fixtures.op("affine_head", "output"), "affine DDF")
    }

    func testDDFAgreesWithCoreAffineTransform() throws {
        let x = try Fixtures.op("affine_head", "input")
        let theta = try head().theta(x)
        let ddf = try head()(x)
        let transform = AffineHead.transform(theta: Array(theta.values[6..<12]))
        let expected = Tensor(transform.displacementField(rows: 6, columns: 5))
        let frame1 = try Tensor(batch: 1, channels: 2, height: 6, width: 5, values: Array(ddf.values[60..<120]))
        assertParity(frame1, expected, tolerance: 1e-5, "DDF vs AffineTransform2D")
    }

    func testIdentityInitialisationGivesZeroDisplacement() throws {
        // MONAI initialises the head with zero weights and bias [1, 0, 0, 0, 1, 0].
        let linear = try Linear(inFeatures: 4, outFeatures: 6, weight: [Float](repeating: 0, count: 24), bias: [1, 0, 0, 0, 1, 0])
        let ddf = try AffineHead(linear: linear, imageHeight: 4, imageWidth: 3)(Tensor(batch: 1, channels: 4, height: 1, width: 1, repeating: 7))
        XCTAssertEqual(ddf.maxAbs, 0)
    }
}
