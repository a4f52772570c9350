import MotionCorrection
import MyoFlowCore
import XCTest

final class TemporalPCATests: XCTestCase {
    private func series(_ pixels: [Float], frames: Int, rows: Int, columns: Int, pd: [Int] = []) throws -> ImageSeries {
        try ImageSeries(frames: frames, rows: rows, columns: columns, pixels: pixels,
                        geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 2)),
                        timesSeconds: (0..<frames).map { Double($0) }, pdFrameIndices: pd)
    }

    /// X = 1μᵀ + A·B with A frames×k, B k×pixels random: centred X has rank ≤ k.
    private func lowRank(frames: Int, pixels: Int, k: Int, seed: UInt64, amplitude: Double = 1) -> [Float] {
        var rng = SplitMix64(seed: seed)
        let mean = (0..<pixels).map { _ in rng.uniform(0, 10) }
        let a = (0..<(frames * k)).map { _ in amplitude * rng.uniform(-1, 1) }
        let b = (0..<(k * pixels)).map { _ in rng.uniform(-1, 1) }
        var x = [Float](repeating: 0, count: frames * pixels)
        for f in 0..<frames {
            for p in 0..<pixels {
                var v = mean[p]
                for j in 0..<k { v += a[f * k + j] * b[j * pixels + p] }
                x[f * pixels + p] = Float(v)
            }
        }
        return x
    }

    func testRankKSeriesIsReproducedToFloatPrecision() throws {
        for k in [2, 3] {
            let x = lowRank(frames: 30, pixels: 32 * 32, k: k, seed: UInt64(k))
            let s = try series(x, frames: 30, rows: 32, columns: 32)
            let reference = try TemporalPCA.reference(of: s, components: k)
            let worst = zip(reference.pixels, x).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst, 1e-4, "k = \(k)") // values up to ~13: ~1e-5 relative
            // One component fewer cannot reproduce it.
            let fewer = try TemporalPCA.reference(of: s, components: k - 1)
            XCTAssertGreaterThan(zip(fewer.pixels, x).map { abs($0 - $1) }.max()!, 0.05)
        }
    }

    func testSpectrumHasExactlyKNonZeroEigenvaluesAndEigenimagesAreOrthonormal() throws {
        let x = lowRank(frames: 20, pixels: 400, k: 3, seed: 9)
        let pca = try TemporalPCA(series: try series(x, frames: 20, rows: 20, columns: 20), components: 3)
        XCTAssertEqual(pca.componentCount, 3)
        XCTAssertGreaterThan(pca.spectrum[2], 1)
        XCTAssertLessThan(pca.spectrum[3], 1e-6 * pca.spectrum[0])
        for i in 0..<3 {
            for j in 0..<3 {
                var dot = 0.0
                for p in 0..<400 { dot += Double(pca.eigenimages[i * 400 + p]) * Double(pca.eigenimages[j * 400 + p]) }
                XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-4)
            }
        }
    }

    func testFramesLeftOutOfTheFitAreProjectedAndRegionRestrictsTheFit() throws {
        let x = lowRank(frames: 12, pixels: 16 * 16, k: 2, seed: 4)
        let s = try series(x, frames: 12, rows: 16, columns: 16)
        // Basis from 10 frames; the 2 left out lie in the same subspace, so they are reproduced.
        let reference = try TemporalPCA.reference(of: s, components: 2, fittedFrames: Array(0..<10))
        XCTAssertLessThan(zip(reference.pixels, x).map { abs($0 - $1) }.max()!, 1e-3)
        // A region of 60 pixels determines the same temporal basis for a low-rank series.
        let region = Mask(rows: 16, columns: 16, values: (0..<256).map { $0 % 4 == 1 })
        let regional = try TemporalPCA.reference(of: s, components: 2, region: region)
        XCTAssertLessThan(zip(regional.pixels, x).map { abs($0 - $1) }.max()!, 1e-3)
    }

    func testReferenceSuppressesTheMotionOfAStructure() throws {
        // Background: rank-2 "contrast" dynamics. A bright 4×4 square jumps between row offsets
        // −3…3 at random: its motion is not low-rank, so the rank-2 reference mostly holds it
        // still. Measured as the regression slope of the square's centroid row in the reference
        // on its true offset (1 = motion kept, 0 = fully suppressed).
        let rows = 32, columns = 32, frames = 40, p = rows * columns
        var rng = SplitMix64(seed: 12)
        let background = lowRank(frames: frames, pixels: p, k: 2, seed: 5, amplitude: 4)
        var x = background
        var offsets: [Double] = []
        for f in 0..<frames {
            let dr = Int(rng.uniform(-3, 4))
            offsets.append(Double(dr))
            for r in 14..<18 { for c in 14..<18 { x[f * p + (r + dr) * columns + c] += 3 } }
        }
        let s = try series(x, frames: frames, rows: rows, columns: columns)
        let reference = try TemporalPCA.reference(of: s, components: 2)
        let backgroundReference = try TemporalPCA.reference(of: try series(background, frames: frames, rows: rows, columns: columns), components: 2)
        func centroidRow(_ values: ArraySlice<Float>, _ base: ArraySlice<Float>) -> Double {
            var sum = 0.0, weight = 0.0
            for (i, (v, b)) in zip(values, base).enumerated() { let w = max(Double(v - b), 0); sum += w * Double(i / columns); weight += w }
            return sum / weight
        }
        func slope(_ y: [Double]) -> Double {
            let mx = offsets.reduce(0, +) / Double(frames), my = y.reduce(0, +) / Double(frames)
            var sxy = 0.0, sxx = 0.0
            for i in 0..<frames { sxy += (offsets[i] - mx) * (y[i] - my); sxx += (offsets[i] - mx) * (offsets[i] - mx) }
            return sxy / sxx
        }
        var input = [Double](), output = [Double]()
        for f in 0..<frames {
            let range = f * p..<(f + 1) * p
            input.append(centroidRow(s.pixels[range], background[range]))
            output.append(centroidRow(reference.pixels[range], backgroundReference.pixels[range]))
        }
        print("structure motion tracked: input slope \(slope(input)), PCA-reference slope \(slope(output))")
        XCTAssertEqual(slope(input), 1, accuracy: 0.05)
        XCTAssertLessThan(abs(slope(output)), 0.2)
    }

    func testInvalidInputsThrow() throws {
        let s = try series([Float](repeating: 1, count: 2 * 4), frames: 2, rows: 2, columns: 2)
        XCTAssertThrowsError(try TemporalPCA(series: s, components: 0))
        XCTAssertThrowsError(try TemporalPCA(series: s, frames: [0], components: 1))
        XCTAssertThrowsError(try TemporalPCA(series: s, components: 1, region: Mask(rows: 3, columns: 3, values: .init(repeating: true, count: 9))))
        var bad = s
        bad.pixels[5] = .nan
        XCTAssertThrowsError(try TemporalPCA(series: bad, components: 1)) { error in
            XCTAssertEqual(error as? MotionCorrectionError, .nonFinite(series: "", frame: 1))
        }
    }
}
