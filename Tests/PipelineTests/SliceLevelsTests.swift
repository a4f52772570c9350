import Anatomy
import Pipeline
import XCTest

final class SliceLevelsTests: XCTestCase {
    func testStackPositionsMapToLevels() {
        XCTAssertEqual(SliceLevels.levels(count: 3), [.basal, .mid, .apical])
        XCTAssertEqual(SliceLevels.levels(count: 4), [.basal, .mid, .mid, .apical])
        XCTAssertEqual(SliceLevels.levels(count: 6), [.basal, .basal, .mid, .mid, .apical, .apical])
        XCTAssertEqual(SliceLevels.levels(count: 1), [.mid])
        XCTAssertEqual(SliceLevels.levels(count: 0), [])
    }
}
