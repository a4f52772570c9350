import MyoFlowCore
import Preprocessing
import XCTest

final class SegmentationCleanupTests: XCTestCase {
    private let spacing = PixelSpacing(isotropicMm: 2)

    /// LV disc radius 10 px (with a background "papillary" hole at the centre), myocardial ring
    /// 10–14 px, RV pool beside the ring, plus a far myocardium blob and a far RV blob.
    private func labels(gapInRing: Bool = false) -> LabelMap {
        var m = LabelMap(rows: 80, columns: 80)
        for r in 0..<80 {
            for c in 0..<80 {
                let d = ((Double(r) - 40) * (Double(r) - 40) + (Double(c) - 40) * (Double(c) - 40)).squareRoot()
                if d < 10 { m[r, c] = TissueLabel.lvBlood.rawValue }
                if d >= 10 && d < 14 && !(gapInRing && abs(r - 40) <= 1 && c > 40) { m[r, c] = TissueLabel.myocardium.rawValue }
                if d >= 15 && d < 24 && c < 30 { m[r, c] = TissueLabel.rvBlood.rawValue }
            }
        }
        for r in 38...42 { for c in 38...42 { m[r, c] = 0 } }       // hole inside the LV
        for r in 2...4 { for c in 70...74 { m[r, c] = TissueLabel.myocardium.rawValue } }  // far myocardium
        for r in 72...76 { for c in 70...76 { m[r, c] = TissueLabel.rvBlood.rawValue } }   // far RV
        return m
    }

    func testKeepsRingFillsLVAndKeepsAdjacentRVOnly() throws {
        let raw = labels()
        let result = try XCTUnwrap(SegmentationCleanup().clean(raw, lvCentre: PixelPosition(row: 40, column: 40), spacing: spacing))
        XCTAssertTrue(result.ringClosed)
        XCTAssertEqual(result.warnings, [])
        let out = result.labels
        XCTAssertEqual(out[40, 40], TissueLabel.lvBlood.rawValue, "hole inside the ring becomes LV blood")
        XCTAssertEqual(out[3, 72], 0, "far myocardium removed")
        XCTAssertEqual(out[74, 73], 0, "far RV removed")
        XCTAssertEqual(out[40, 20], TissueLabel.rvBlood.rawValue, "adjacent RV kept")
        XCTAssertEqual(out.count(.myocardium), raw.count(.myocardium) - 15)
        XCTAssertEqual(out.count(.lvBlood), raw.count(.lvBlood) + 25)
    }

    func testBrokenRingIsFlagged() throws {
        let result = try XCTUnwrap(SegmentationCleanup().clean(labels(gapInRing: true), lvCentre: PixelPosition(row: 40, column: 40), spacing: spacing))
        XCTAssertFalse(result.ringClosed)
        XCTAssertTrue(result.warnings.contains { $0.contains("not closed") }, "\(result.warnings)")
        XCTAssertEqual(result.labels[45, 45], TissueLabel.lvBlood.rawValue)
    }

    func testNoMyocardiumGivesNil() {
        var m = LabelMap(rows: 20, columns: 20)
        m[10, 10] = TissueLabel.lvBlood.rawValue
        XCTAssertNil(SegmentationCleanup().clean(m, lvCentre: PixelPosition(row: 10, column: 10), spacing: spacing))
    }
}
