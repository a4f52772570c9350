import AIF
import Foundation
import Kinetics
import MyoFlowCore
import Physics
import XCTest

/// Pixel-wise maps and segment-mean fits on a small synthetic [Gd] series.
final class PixelwiseFermiFitTests: XCTestCase {
    let rows = 6, columns = 8
    let shape = GammaVariateAIF()
    let times = SyntheticCurves.acquisitionTimes()

    func truthMBF(_ r: Int, _ c: Int) -> Double { 0.8 + 0.5 * Double(c) }  // 0.8–4.3 ml/min/g across columns

    func makeSeries(noise: Double = 0, flatPixel: Int? = nil, nanPixel: Int? = nil) throws -> ImageSeries {
        let n = rows * columns
        var pixels = [Float](repeating: 0, count: times.count * n)
        var cache: [Int: [Double]] = [:]
        var rng = SyntheticCurves.Random(state: 5)
        for p in 0..<n {
            let c = p % columns
            let curve = cache[c] ?? times.map {
                SyntheticCurves.tissue(at: $0, aif: shape, residue: FermiResidue(mbfMlPerMinPerG: truthMBF(0, c), shoulderS: 2.5, washoutPerS: 0.6, delayS: 0.7))
            }
            cache[c] = curve
            let peak = curve.max()!
            for k in times.indices {
                var v = curve[k] + noise * peak * rng.gaussian()
                if p == flatPixel { v = 0 }
                if p == nanPixel && k == 30 { v = .nan }
                pixels[k * n + p] = Float(v)
            }
        }
        return try ImageSeries(frames: times.count, rows: rows, columns: columns, pixels: pixels,
                               geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 2)), timesSeconds: times)
    }

    func testPixelwiseMapsRecoverMBFAndFlagBadPixels() throws {
        let series = try makeSeries(flatPixel: 9, nanPixel: 20)
        var mask = Mask(rows: rows, columns: columns, values: [Bool](repeating: true, count: rows * columns))
        mask[5, 7] = false
        let aif = try SyntheticCurves.aifCurve(shape, times: times)
        let maps = try PixelwiseFermiFit.fit(tissueGd: series, aif: aif, mask: mask)
        XCTAssertEqual(maps.fittedCount, rows * columns - 1)
        XCTAssertEqual(maps.flaggedCount, 2)
        XCTAssertTrue(maps.mbfMlPerMinPerG[5 * columns + 7].isNaN, "outside the mask")
        XCTAssertNil(maps.results[5 * columns + 7])
        XCTAssertEqual(maps.results[9]?.failure, .flat)
        if case .nonFinite = maps.results[20]?.failure {} else { XCTFail("pixel 20: \(String(describing: maps.results[20]?.failure))") }
        XCTAssertFalse(maps.converged[9])
        for p in 0..<(rows * columns) where mask.values[p] && p != 9 && p != 20 {
            let truth = truthMBF(p / columns, p % columns)
            XCTAssertTrue(maps.converged[p])
            XCTAssertEqual(Double(maps.mbfMlPerMinPerG[p]) / truth, 1, accuracy: 0.005, "pixel \(p)")
            XCTAssertGreaterThan(maps.rSquared[p], 0.999)
        }
    }

    func testSegmentMeanFits() throws {
        let series = try makeSeries()
        let aif = try SyntheticCurves.aifCurve(shape, times: times)
        func columnMask(_ c: Int) -> Mask {
            Mask(rows: rows, columns: columns, values: (0..<(rows * columns)).map { $0 % columns == c })
        }
        let empty = Mask(rows: rows, columns: columns, values: [Bool](repeating: false, count: rows * columns))
        let results = try SegmentFit.fit(tissueGd: series, segments: [("low", columnMask(0)), ("high", columnMask(6)), ("empty", empty)], aif: aif)
        XCTAssertEqual(results.map(\.name), ["low", "high", "empty"])
        XCTAssertEqual(results[0].pixelCount, rows)
        XCTAssertEqual(results[0].fit.mbfMlPerMinPerG / truthMBF(0, 0), 1, accuracy: 0.005)
        XCTAssertEqual(results[1].fit.mbfMlPerMinPerG / truthMBF(0, 6), 1, accuracy: 0.005)
        XCTAssertFalse(results[2].fit.converged)
        XCTAssertNotNil(results[2].fit.failure)
        XCTAssertThrowsError(try SegmentFit.fit(tissueGd: series, segments: [("bad", Mask(rows: 2, columns: 2, values: [true, true, true, true]))], aif: aif))
    }
}
