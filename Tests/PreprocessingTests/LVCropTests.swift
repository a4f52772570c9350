import MyoFlowCore
import Preprocessing
import XCTest

final class LVCropTests: XCTestCase {
    func testCropSamplesAFixedPixelSizeAroundTheCentre() throws {
        // Native ramp image(r, c) = r + 1000·c on 2 mm pixels; a 1 mm crop samples every half pixel.
        var image = Image2D(rows: 60, columns: 80)
        for r in 0..<60 { for c in 0..<80 { image[r, c] = Float(r + 1000 * c) } }
        let crop = LVCrop(centre: PixelPosition(row: 30, column: 40), nativeSpacing: PixelSpacing(isotropicMm: 2), size: 21, pixelMm: 1)
        let out = crop.crop(image)
        XCTAssertEqual(out[10, 10], image[30, 40])  // crop centre on the LV centre
        XCTAssertEqual(out[12, 10], image[31, 40])  // two crop pixels = one native pixel
        XCTAssertEqual(out[10, 11], Float(30 + 1000 * 40.5), accuracy: 1e-2)
    }

    func testPositionsRoundTripExactly() {
        let crop = LVCrop(centre: PixelPosition(row: 47.3, column: 61.8), nativeSpacing: PixelSpacing(rowMm: 1.9, columnMm: 2.2), size: 128, pixelMm: 1.25)
        let p = PixelPosition(row: 12.5, column: 99.25)
        let back = crop.nativePosition(crop.cropPosition(p))
        XCTAssertEqual(back.row, p.row, accuracy: 1e-9)
        XCTAssertEqual(back.column, p.column, accuracy: 1e-9)
        let c = crop.nativePosition(PixelPosition(row: 63.5, column: 63.5))
        XCTAssertEqual(c.row, 47.3, accuracy: 1e-12)
        XCTAssertEqual(c.column, 61.8, accuracy: 1e-12)
    }

    func testLabelsReturnToTheNativeGrid() {
        let crop = LVCrop(centre: PixelPosition(row: 20, column: 20), nativeSpacing: PixelSpacing(isotropicMm: 2), size: 20, pixelMm: 1)
        var labels = LabelMap(rows: 20, columns: 20)
        for i in 0..<20 { for j in 0..<20 where hypot(Double(i) - 9.5, Double(j) - 9.5) < 6 { labels[i, j] = 2 } }
        let native = crop.nativeLabels(labels, rows: 40, columns: 40)
        XCTAssertEqual(native[20, 20], 2)   // centre
        XCTAssertEqual(native[0, 0], 0)     // outside the crop
        XCTAssertEqual(native.count(.myocardium), (0..<40).flatMap { r in (0..<40).map { (r, $0) } }
            .filter { hypot(Double($0.0) - 20, Double($0.1) - 20) < 3 }.count, accuracy: 4)  // 6 crop px at 1 mm = 3 native px
    }

    func testBoxFromMaskAndDice() {
        var mask = Mask(rows: 10, columns: 10, values: .init(repeating: false, count: 100))
        mask[2, 3] = true; mask[6, 7] = true
        let box = PixelBox(of: mask, marginMm: 2, spacing: PixelSpacing(isotropicMm: 1))
        XCTAssertEqual(box, PixelBox(row0: 0, column0: 1, row1: 8, column1: 9))
        XCTAssertEqual(box?.dice(box!), 1)
        XCTAssertEqual(PixelBox(row0: 0, column0: 0, row1: 1, column1: 1).dice(PixelBox(row0: 1, column0: 0, row1: 2, column1: 1)), 0.5)
        XCTAssertNil(PixelBox(of: Mask(rows: 2, columns: 2, values: [false, false, false, false]), spacing: PixelSpacing(isotropicMm: 1)))
    }
}

private func XCTAssertEqual(_ a: Int, _ b: Int, accuracy: Int, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertLessThanOrEqual(abs(a - b), accuracy, "\(a) vs \(b)", file: file, line: line)
}
