import MyoFlowCore
import XCTest

final class DisplacementFieldTests: XCTestCase {
    /// A linear ramp: bilinear interpolation of it is exact.
    private func ramp(rows: Int = 8, columns: Int = 10) -> Image2D {
        var image = Image2D(rows: rows, columns: columns)
        for r in 0..<rows { for c in 0..<columns { image[r, c] = Float(3 * r + 2 * c) } }
        return image
    }

    private func constantField(rows: Int = 8, columns: Int = 10, row: Float, column: Float) throws -> DisplacementField {
        try DisplacementField(rows: rows, columns: columns,
                              rowDisplacement: .init(repeating: row, count: rows * columns),
                              columnDisplacement: .init(repeating: column, count: rows * columns))
    }

    func testConstantFractionalDisplacementOnRampIsExact() throws {
        let warped = try constantField(row: 0.25, column: 0.5).warp(ramp())
        // Interior pixel (3, 4): moving(3.25, 4.5) = 3·3.25 + 2·4.5
        XCTAssertEqual(warped[3, 4], 18.75, accuracy: 1e-5)
    }

    func testBorderPaddingClampsCoordinates() throws {
        let warped = try constantField(row: -5, column: 20).warp(ramp())
        // Every position clamps to row 0 (from r − 5 < 0 for r < 5) and column 9.
        XCTAssertEqual(warped[2, 1], 18)
        XCTAssertEqual(warped[7, 0], 3 * 2 + 18)
    }

    func testNearestWarpOfLabelsInventsNoValues() throws {
        var labels = LabelMap(rows: 8, columns: 10)
        for r in 2..<6 { for c in 3..<7 { labels[r, c] = 2 } }
        labels[3, 4] = 1
        let warped = try constantField(row: 0.4, column: -0.6).warp(labels)
        XCTAssertTrue(Set(warped.labels).isSubset(of: [0, 1, 2]))
        // (3, 5) samples (3.4, 4.4) → rounds to (3, 4), the LV label.
        XCTAssertEqual(warped[3, 5], 1)
    }

    func testFollowedByEqualsSequentialWarps() throws {
        let image = ramp(rows: 16, columns: 16)
        var a = DisplacementField(rows: 16, columns: 16)
        var b = DisplacementField(rows: 16, columns: 16)
        for r in 0..<16 {
            for c in 0..<16 {
                a.rowDisplacement[r * 16 + c] = 0.3 + 0.02 * Float(c)
                a.columnDisplacement[r * 16 + c] = -0.2
                b.rowDisplacement[r * 16 + c] = 0.1
                b.columnDisplacement[r * 16 + c] = 0.4 - 0.01 * Float(r)
            }
        }
        let sequential = try b.warp(try a.warp(image))
        let composed = try a.followed(by: b).warp(image)
        for r in 2..<14 { for c in 2..<14 { XCTAssertEqual(sequential[r, c], composed[r, c], accuracy: 1e-3) } }
    }

    func testRMSMagnitudeInMask() throws {
        let field = try constantField(rows: 2, columns: 2, row: 3, column: 4)
        XCTAssertEqual(field.rmsMagnitude(), 5, accuracy: 1e-9)
        var mask = Mask(rows: 2, columns: 2, values: [false, false, false, false])
        XCTAssertEqual(field.rmsMagnitude(in: mask), 0)
        mask[0, 1] = true
        XCTAssertEqual(field.rmsMagnitude(in: mask), 5, accuracy: 1e-9)
    }

    func testWarpRejectsMismatchedGrid() throws {
        XCTAssertThrowsError(try DisplacementField(rows: 4, columns: 4).warp(Image2D(rows: 4, columns: 5)))
        XCTAssertThrowsError(try DisplacementField(rows: 2, columns: 2, rowDisplacement: [0], columnDisplacement: [0, 0, 0, 0]))
    }
}
