import MotionCorrection
import MyoFlowCore
import XCTest

/// GaussianSmoothing, BoxFilter, ImageGradient, ImagePyramid and FieldInversion.
final class ImageFilteringTests: XCTestCase {
    func testGaussianKernelIsNormalisedAndSmoothingPreservesLinearRampsInside() {
        let k = GaussianSmoothing.kernel(sigma: 1.5)
        XCTAssertEqual(k.count, 11)
        XCTAssertEqual(Double(k.reduce(0, +)), 1, accuracy: 1e-6)
        var ramp = Image2D(rows: 20, columns: 20)
        for r in 0..<20 { for c in 0..<20 { ramp[r, c] = Float(2 * r + 3 * c) } }
        let s = GaussianSmoothing.smooth(ramp, sigma: 1.5)
        XCTAssertEqual(s[10, 10], ramp[10, 10], accuracy: 1e-3) // symmetric kernel keeps a ramp
        XCTAssertEqual(GaussianSmoothing.smooth(ramp, sigma: 0), ramp)
        // Variance of a smoothed impulse is σ².
        var impulse = Image2D(rows: 41, columns: 41)
        impulse[20, 20] = 1
        let blurred = GaussianSmoothing.smooth(impulse, sigma: 2)
        var variance = 0.0
        for r in 0..<41 { variance += Double(blurred.pixels[r * 41 + 20]) * Double((r - 20) * (r - 20)) }
        let column = (0..<41).reduce(0.0) { $0 + Double(blurred.pixels[$1 * 41 + 20]) }
        XCTAssertEqual(variance / column, 4, accuracy: 0.05)
    }

    func testBoxSumsMatchBruteForce() {
        var rng = SplitMix64(seed: 3)
        let rows = 9, columns = 13
        let v = (0..<(rows * columns)).map { _ in Float(rng.uniform(-1, 1)) }
        let s = BoxFilter.sum(v, rows: rows, columns: columns, radius: 2)
        for (r, c) in [(0, 0), (4, 6), (8, 12), (2, 11)] {
            var expected: Float = 0
            for rr in max(0, r - 2)...min(rows - 1, r + 2) { for cc in max(0, c - 2)...min(columns - 1, c + 2) { expected += v[rr * columns + cc] } }
            XCTAssertEqual(s[r * columns + c], expected, accuracy: 1e-5)
        }
    }

    func testGradientOfRampAndGradientMagnitude() {
        var ramp = Image2D(rows: 8, columns: 8)
        for r in 0..<8 { for c in 0..<8 { ramp[r, c] = Float(3 * r - 4 * c) } }
        let g = ImageGradient.gradient(ramp)
        XCTAssertEqual(g.row[0, 0], 3); XCTAssertEqual(g.row[4, 4], 3); XCTAssertEqual(g.column[7, 7], -4)
        XCTAssertEqual(ImageGradient.magnitude(ramp, sigma: 0)[4, 4], 5, accuracy: 1e-5)
    }

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

    func testFieldInversionComposesToIdentity() throws {
        var u = DisplacementField(rows: 32, columns: 32)
        for r in 0..<32 {
            for c in 0..<32 {
                let g = 2 * exp(-(pow(Double(r) - 16, 2) + pow(Double(c) - 15, 2)) / 50)
                u.rowDisplacement[r * 32 + c] = Float(g); u.columnDisplacement[r * 32 + c] = Float(-0.5 * g)
            }
        }
        let w = FieldInversion.inverse(of: u)
        let interior = Mask(rows: 32, columns: 32, values: (0..<1024).map { (4..<28).contains($0 / 32) && (4..<28).contains($0 % 32) })
        XCTAssertLessThan(u.followed(by: w).rmsMagnitude(in: interior), 0.01)
        XCTAssertLessThan(w.followed(by: u).rmsMagnitude(in: interior), 0.01)
        XCTAssertGreaterThan(u.rmsMagnitude(in: interior), 0.5)
    }
}
