import MyoFlowCore
import Pipeline
import XCTest

final class TransmuralLayersTests: XCTestCase {
    /// An annulus of radii 10–20 mm on 1 mm pixels: the halves split at 15 mm.
    func testAnnulusSplitsAtMidWall() {
        let n = 61, centre = 30.0
        var values = [Bool](repeating: false, count: n * n)
        for r in 0..<n { for c in 0..<n {
            let d = ((Double(r) - centre) * (Double(r) - centre) + (Double(c) - centre) * (Double(c) - centre)).squareRoot()
            values[r * n + c] = d >= 10 && d <= 20
        } }
        let mask = Mask(rows: n, columns: n, values: values)
        let labels = TransmuralLayers.labels(myocardium: mask, lvCentre: PixelPosition(row: centre, column: centre), spacing: PixelSpacing(isotropicMm: 1))
        for r in 0..<n { for c in 0..<n {
            let i = r * n + c
            let d = ((Double(r) - centre) * (Double(r) - centre) + (Double(c) - centre) * (Double(c) - centre)).squareRoot()
            if !values[i] { XCTAssertEqual(labels[i], 0); continue }
            if d < 14 { XCTAssertEqual(labels[i], TransmuralLayers.endocardium, "r \(r) c \(c)") }
            if d > 16 { XCTAssertEqual(labels[i], TransmuralLayers.epicardium, "r \(r) c \(c)") }
        } }
        let endo = labels.filter { $0 == 1 }.count, epi = labels.filter { $0 == 2 }.count
        XCTAssertLessThan(endo, epi, "the inner half of an annulus has less area")
    }
}
