import Foundation
import MyoFlowCore
import XCTest

final class AffineTransform2DTests: XCTestCase {
    /// A smooth image whose bilinear interpolation error is small.
    private func smoothImage(rows: Int = 32, columns: Int = 40) -> Image2D {
        var image = Image2D(rows: rows, columns: columns)
        for r in 0..<rows { for c in 0..<columns { image[r, c] = Float(sin(Double(r) / 6) + cos(Double(c) / 7)) } }
        return image
    }

    func testDisplacementIsThetaTimesIndexMinusIndex() {
        let t = AffineTransform2D(theta: [1.1, 0.2, -3, -0.1, 0.9, 2])
        let field = t.displacementField(rows: 5, columns: 6)
        // r = 3, c = 4: θ·[3, 4, 1] = (3.3 + 0.8 − 3, −0.3 + 3.6 + 2) = (1.1, 5.3)
        XCTAssertEqual(field.rowDisplacement[3 * 6 + 4], Float(1.1 - 3), accuracy: 1e-6)
        XCTAssertEqual(field.columnDisplacement[3 * 6 + 4], Float(5.3 - 4), accuracy: 1e-6)
    }

    func testIdentityWarpReturnsInput() throws {
        let image = smoothImage()
        XCTAssertEqual(try AffineTransform2D.identity.warp(image), image)
    }

    func testIntegerTranslationShiftsPixels() throws {
        let image = smoothImage()
        let t = AffineTransform2D.about(centre: (0, 0), translation: (row: 2, column: -3))
        let warped = try t.warp(image)
        // warped(r, c) = image(r + 2, c − 3) where inside the image.
        XCTAssertEqual(warped[5, 10], image[7, 7])
        XCTAssertEqual(warped[0, 3], image[2, 0])
        // Border padding: positions left of column 0 take column 0.
        XCTAssertEqual(warped[4, 1], image[6, 0])
    }

    func testRotationAboutCentreKeepsCentreFixed() {
        let t = AffineTransform2D.about(centre: (10, 12), rotation: 0.3, scale: 1.05)
        let p = t.samplePosition(row: 10, column: 12)
        XCTAssertEqual(p.row, 10, accuracy: 1e-12)
        XCTAssertEqual(p.column, 12, accuracy: 1e-12)
        // A point one pixel below the centre moves on a circle of radius scale.
        let q = t.samplePosition(row: 11, column: 12)
        XCTAssertEqual(hypot(q.row - 10, q.column - 12), 1.05, accuracy: 1e-12)
    }

    func testInverseComposesToIdentity() throws {
        let t = AffineTransform2D(theta: [0.95, 0.1, 4, -0.08, 1.02, -2])
        let inv = try XCTUnwrap(t.inverse)
        let id = t.followed(by: inv)
        for (a, b) in zip(id.theta, AffineTransform2D.identity.theta) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        XCTAssertNil(AffineTransform2D(theta: [1, 2, 0, 2, 4, 0]).inverse)
    }

    func testFollowedByEqualsSequentialWarps() throws {
        let image = smoothImage()
        let a = AffineTransform2D.about(centre: (16, 20), rotation: 0.05, translation: (1.3, -0.7))
        let b = AffineTransform2D.about(centre: (16, 20), rotation: -0.02, scale: 1.02, translation: (-0.4, 0.9))
        let sequential = try b.warp(try a.warp(image))
        let composed = try a.followed(by: b).warp(image)
        // Compare away from the border, where clamping differs between the two paths.
        var maxError: Float = 0
        for r in 4..<28 { for c in 4..<36 { maxError = max(maxError, abs(sequential[r, c] - composed[r, c])) } }
        XCTAssertLessThan(maxError, 0.01)
    }
}
