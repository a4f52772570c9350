import Foundation
import HDF5IO
import MyoFlowCore
import NeuralEngine
import Preprocessing
import XCTest

/// The shipped model (Models/segmentation.h5) against PyTorch on held-out phantom frames
/// (Fixtures/segmentation_golden.h5, written by tools/train/export_segmentation.py), and the
/// finder's handling of bad input.
final class LearnedSliceAnatomyFinderTests: XCTestCase {
    private static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/segmentation_golden.h5").path

    private func tensor(_ name: String) throws -> Tensor {
        let f = try HDF5File(path: Self.golden, mode: .read)
        let a: HDF5Array<Float> = try f.read(name)
        return try Tensor(shape: a.shape, values: a.values)
    }

    func testNormalisationAndNetworkMatchPyTorch() throws {
        var finder = try LearnedSliceAnatomyFinder.load()
        finder.testTimeViews = 1  // the network alone (the views are checked below)
        let raw = try tensor("raw"), prepared = try tensor("prepared"), logits = try tensor("logits")
        let normalised = finder.network.inputNormalisation.apply(raw)
        XCTAssertEqual(finder.network.inputNormalisation.method, .minmaxHistogramEqualisation)
        // Histogram bins of pixels exactly on a bin edge may differ in the last float bit: ≤ 1e-4.
        XCTAssertLessThanOrEqual(normalised.maxAbsDifference(prepared), 1e-4)
        let out = try finder.network(prepared)
        XCTAssertEqual(out.shape, logits.shape)
        XCTAssertLessThanOrEqual(out.maxAbsDifference(logits) / max(logits.maxAbs, 1e-6), 1e-4)
        // And the labels the finder derives from them: argmax identical on ≥ 99.9 % of pixels.
        let plane = raw.height * raw.width
        for n in 0..<raw.batch {
            let image = try Image2D(rows: raw.height, columns: raw.width, pixels: Array(raw.values[(n * plane)..<((n + 1) * plane)]))
            let labels = try finder.segment(image)
            var agree = 0
            for i in 0..<plane {
                var best = 0
                for k in 1..<logits.channels where logits.values[(n * logits.channels + k) * plane + i] > logits.values[(n * logits.channels + best) * plane + i] { best = k }
                if Int(labels.labels[i]) == best { agree += 1 }
            }
            XCTAssertGreaterThanOrEqual(Double(agree) / Double(plane), 0.999, "frame \(n)")
        }
    }

    func testSegmentsTheGoldenFramesLikeTheGroundTruth() throws {
        // Held-out phantom frames: the myocardium Dice of the network's labels vs the phantom's.
        let finder = try LearnedSliceAnatomyFinder.load()
        let raw = try tensor("raw"), truth = try tensor("labels")
        let plane = raw.height * raw.width
        for n in 0..<raw.batch {
            let image = try Image2D(rows: raw.height, columns: raw.width, pixels: Array(raw.values[(n * plane)..<((n + 1) * plane)]))
            let labels = try finder.segment(image)
            let trueMyo = Mask(rows: raw.height, columns: raw.width, values: truth.values[(n * plane)..<((n + 1) * plane)].map { $0 == 2 })
            XCTAssertGreaterThan(labels.mask(.myocardium).dice(trueMyo), 0.7, "frame \(n)")
        }
    }

    func testTestTimeViewsAreEquivariantUnderQuarterTurns() throws {
        // The 4 views (0°, 90°, 180°, 270°) are closed under quarter turns, so segmenting a turned
        // crop must give the turned labels (up to float summation order: ≥ 99.9 % of pixels). A
        // wrong view ↔ original mapping breaks this (and the Dice test above).
        let finder = try LearnedSliceAnatomyFinder.load()
        XCTAssertEqual(finder.testTimeViews, 4)
        let raw = try tensor("raw")
        let n = raw.height, plane = n * n
        XCTAssertEqual(raw.height, raw.width)
        let image = try Image2D(rows: n, columns: n, pixels: Array(raw.values[0..<plane]))
        // turned(r, c) = image(c, n − 1 − r)
        var turnedPixels = [Float](repeating: 0, count: plane)
        for r in 0..<n { for c in 0..<n { turnedPixels[r * n + c] = image.pixels[c * n + (n - 1 - r)] } }
        let a = try finder.segment(image), b = try finder.segment(try Image2D(rows: n, columns: n, pixels: turnedPixels))
        var agree = 0
        for r in 0..<n { for c in 0..<n where b.labels[r * n + c] == a.labels[c * n + (n - 1 - r)] { agree += 1 } }
        XCTAssertGreaterThanOrEqual(Double(agree) / Double(plane), 0.999)
        XCTAssertGreaterThan(a.count(.myocardium), plane / 100)
    }

    func testAllZeroAndSingleFrameSeriesAreClearErrors() throws {
        let finder = try LearnedSliceAnatomyFinder.load()
        let geometry = SliceGeometry(spacing: PixelSpacing(isotropicMm: 2))
        let zero = try ImageSeries(frames: 10, rows: 32, columns: 32, pixels: [Float](repeating: 0, count: 10 * 32 * 32),
                                   geometry: geometry, timesSeconds: (0..<10).map(Double.init), seriesInstanceUID: "1.2.3")
        XCTAssertThrowsError(try finder.find(in: zero, referenceFrame: nil)) { error in
            XCTAssertTrue(error is PreprocessingError, "\(error)")
            XCTAssertTrue("\(error)".contains("1.2.3"), "\(error)")
        }
        let one = try ImageSeries(frames: 1, rows: 32, columns: 32, pixels: (0..<(32 * 32)).map { Float($0 % 7) },
                                  geometry: geometry, timesSeconds: [0], seriesInstanceUID: "1.2.4")
        XCTAssertThrowsError(try finder.find(in: one, referenceFrame: nil)) { error in
            XCTAssertTrue(error is PreprocessingError, "\(error)")
        }
    }
}
