import CoilCorrection
import Foundation
import MyoFlowCore
import XCTest

/// Acceptance test (d): the correction removes a known multiplicative field to within 1% in the
/// myocardium.
final class SurfaceCoilCorrectionTests: XCTestCase {
    let rows = 96, columns = 96
    let spacingMm = 2.0
    let srFlip = 14.0, pdFlip = 5.0

    enum Tissue { case background, body, blood, myocardium }

    func tissue(_ r: Int, _ c: Int) -> Tissue {
        let dr = Double(r) - 50, dc = Double(c) - 46
        let radius = (dr * dr + dc * dc).squareRoot()
        if radius < 10 { return .blood }
        if radius < 15 { return .myocardium }
        let er = (Double(r) - 48) / 44, ec = (Double(c) - 48) / 46
        return er * er + ec * ec < 1 ? .body : .background
    }

    /// Loop-coil profile [1 + (d/R)²]^(−3/2) from an anterior coil plus a weaker posterior one
    /// (physics §7), about 3× across the field of view.
    func field(_ r: Int, _ c: Int) -> Double {
        func loop(_ r0: Double, _ c0: Double, _ radiusMm: Double) -> Double {
            let d = ((Double(r) - r0) * (Double(r) - r0) + (Double(c) - c0) * (Double(c) - c0)).squareRoot() * spacingMm
            return pow(1 + (d / radiusMm) * (d / radiusMm), -1.5)
        }
        return 1.4 * loop(-20, 30, 120) + 0.5 * loop(130, 60, 150)
    }

    /// Relative magnetisation Mz/M0 of each tissue in dynamic frame k (any known values work).
    func mz(_ t: Tissue, frame k: Int) -> Double {
        switch t {
        case .background: return 0
        case .body: return 0.3
        case .blood: return 0.2 + 0.05 * Double(k)
        case .myocardium: return 0.25 + 0.02 * Double(k)
        }
    }

    func makeSeries(pdNoise: Double) throws -> ImageSeries {
        let frames = 6, pdFrames = [0, 1]
        var pixels = [Float](repeating: 0, count: frames * rows * columns)
        for f in 0..<frames {
            for r in 0..<rows {
                for c in 0..<columns {
                    let t = tissue(r, c)
                    let rho = t == .background ? 0.0 : 1.0
                    let value: Double
                    if pdFrames.contains(f) {
                        // ±pdNoise with a scrambled, deterministic sign pattern.
                        let sign = ((r &* 7919 &+ c &* 104_729 &+ f &* 1299) >> 3) % 2 == 0 ? 1.0 : -1.0
                        let noise = rho > 0 ? pdNoise * sign : 0
                        value = rho * field(r, c) * sin(pdFlip * .pi / 180) * (1 + noise)
                    } else {
                        value = rho * field(r, c) * sin(srFlip * .pi / 180) * mz(t, frame: f - 2)
                    }
                    pixels[(f * rows + r) * columns + c] = Float(value * 1000)
                }
            }
        }
        return try ImageSeries(frames: frames, rows: rows, columns: columns, pixels: pixels,
                               geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: spacingMm)),
                               timesSeconds: (0..<frames).map(Double.init), pdFrameIndices: pdFrames,
                               sequence: SequenceParameters(saturationTimeMs: 100, flipAngleDeg: srFlip, pdFlipAngleDeg: pdFlip),
                               seriesDescription: "synthetic")
    }

    func worstMyocardialError(_ corrected: CoilCorrectedSeries) -> Double {
        var worst = 0.0
        for f in 2..<6 {
            for r in 0..<rows {
                for c in 0..<columns where tissue(r, c) == .myocardium {
                    let got = Double(corrected.series[f, r, c])
                    worst = max(worst, abs(got / mz(.myocardium, frame: f - 2) - 1))
                }
            }
        }
        return worst
    }

    func testGaussianPDNormalisationRemovesTheField() throws {
        let series = try makeSeries(pdNoise: 0.01)
        // The field varies ~3× across the field of view: the uncorrected ratio is far off.
        let raw = (0..<rows).flatMap { r in (0..<columns).filter { tissue(r, $0) == .myocardium }.map { field(r, $0) } }
        XCTAssertGreaterThan(raw.max()! / raw.min()!, 1.2)
        let corrected = try SurfaceCoilCorrection.correct(series: series)
        let worst = worstMyocardialError(corrected)
        print("coil correction (Gaussian 8 mm): worst myocardial error \(worst)")
        XCTAssertLessThan(worst, 0.01)
        XCTAssertEqual(corrected.flipScale, sin(5 * Double.pi / 180) / sin(14 * Double.pi / 180), accuracy: 1e-12)
    }

    func testPolynomialSurfaceRemovesTheField() throws {
        let series = try makeSeries(pdNoise: 0.05)
        let corrected = try SurfaceCoilCorrection.correct(series: series, options: .init(smoothing: .polynomial(order: 4)))
        let worst = worstMyocardialError(corrected)
        print("coil correction (polynomial 4): worst myocardial error \(worst)")
        XCTAssertLessThan(worst, 0.01)
    }

    func testMissingPDFramesAndFlipAnglesAreReported() throws {
        var series = try makeSeries(pdNoise: 0)
        series.sequence.pdFlipAngleDeg = nil
        XCTAssertThrowsError(try SurfaceCoilCorrection.correct(series: series)) { error in
            XCTAssertTrue("\(error)".contains("PD readout flip angle"), "\(error)")
        }
        var options = SurfaceCoilCorrection.Options()
        options.pdFlipAngleDeg = 5
        XCTAssertNoThrow(try SurfaceCoilCorrection.correct(series: series, options: options))
        series.pdFrameIndices = []
        XCTAssertThrowsError(try SurfaceCoilCorrection.correct(series: series, options: options)) { error in
            XCTAssertEqual(error as? CoilCorrectionError, .noPDFrames(series: "synthetic"))
        }
    }
}
