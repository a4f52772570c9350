import MotionCorrection
import MyoFlowCore
import XCTest

final class ImagePyramidTests: XCTestCase {
    func testPyramidHalvesAndFieldUpsamplingDoublesDisplacements() throws {
        let image = Image2D(rows: 64, columns: 50, value: 2)
        let levels = ImagePyramid.levels(image, count: 4, minimumSize: 8)
        XCTAssertEqual(levels.map(\.rows), [64, 32, 16])  // stops before a side drops below 8
        XCTAssertEqual(levels.map(\.columns), [50, 25, 13])
        XCTAssertEqual(levels[2][5, 5], 2, accuracy: 1e-6)
        let coarse = try DisplacementField(rows: 8, columns: 8, rowDisplacement: .init(repeating: 1.5, count: 64), columnDisplacement: .init(repeating: -0.5, count: 64))
        let fine = ImagePyramid.upsample(coarse, rows: 16, columns: 16)
        XCTAssertEqual(fine.rowDisplacement[100], 3); XCTAssertEqual(fine.columnDisplacement[37], -1)
    }
}
