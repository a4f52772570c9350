import MyoFlowCore
import XCTest

final class LabelMapTests: XCTestCase {
    func testMaskCountAndCentroid() throws {
        let map = try LabelMap(rows: 3, columns: 3, labels: [0, 2, 0, 2, 1, 2, 0, 2, 3])
        XCTAssertEqual(map.count(.myocardium), 4)
        let mask = map.mask(.myocardium)
        XCTAssertEqual(mask.count, 4)
        let centre = try XCTUnwrap(mask.centroid)
        XCTAssertEqual(centre.row, 1, accuracy: 1e-12)
        XCTAssertEqual(centre.column, 1, accuracy: 1e-12)
        XCTAssertNil(Mask(rows: 2, columns: 2, values: [false, false, false, false]).centroid)
    }

    func testDice() {
        let a = Mask(rows: 1, columns: 4, values: [true, true, false, false])
        let b = Mask(rows: 1, columns: 4, values: [false, true, true, false])
        XCTAssertEqual(a.dice(b), 0.5, accuracy: 1e-12)
        XCTAssertEqual(a.dice(a), 1)
        let empty = Mask(rows: 1, columns: 4, values: [false, false, false, false])
        XCTAssertEqual(empty.dice(empty), 1)
        XCTAssertEqual(a.dice(empty), 0)
    }

    func testRejectsWrongCount() {
        XCTAssertThrowsError(try LabelMap(rows: 2, columns: 2, labels: [0, 1, 2]))
    }
}

extension LabelMapTests {
    func testErosionRemovesTheOuterRingAndBorderPixels() {
        var mask = Mask(rows: 7, columns: 7, values: .init(repeating: false, count: 49))
        for r in 1...5 { for c in 1...5 { mask[r, c] = true } }
        let once = mask.eroded()
        XCTAssertEqual(once.count, 9)  // the 3×3 core of the 5×5 square
        XCTAssertTrue(once[3, 3] && once[2, 2] && !once[1, 3])
        XCTAssertEqual(once.eroded().count, 1)
        let full = Mask(rows: 3, columns: 3, values: .init(repeating: true, count: 9))
        XCTAssertEqual(full.eroded().count, 1)  // border pixels go
    }
}
