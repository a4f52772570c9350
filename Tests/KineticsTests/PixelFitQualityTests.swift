import AIF
import Foundation
import Kinetics
import MyoFlowCore
import Physics
import XCTest

/// The pixel-map quality gates: a curve that is not myocardial flow (blood in the pixel, an RV
/// curve) must not enter the maps' statistics, and a noisy but genuine low-flow curve must.
final class PixelFitQualityTests: XCTestCase {
    let shape = GammaVariateAIF()
    let times = SyntheticCurves.acquisitionTimes()
    lazy var aif = try! SyntheticCurves.aifCurve(shape, times: times)

    func tissue(mbf: Double) -> [Double] {
        times.map { SyntheticCurves.tissue(at: $0, aif: shape, residue: FermiResidue(mbfMlPerMinPerG: mbf, shoulderS: 2, washoutPerS: 0.5, delayS: 0.5)) }
    }

    func noisy(_ curve: [Double], sigma: Double, seed: UInt64) -> [Double] {
        var rng = SyntheticCurves.Random(state: seed)
        return curve.map { $0 + sigma * rng.gaussian() }
    }

    func testNoiseEstimateFollowsTheAddedNoise() {
        for sigma in [0.005, 0.02] {
            let r = FermiDeconvolution.fit(tissueGd: noisy(tissue(mbf: 2.5), sigma: sigma, seed: 3), tissueTimesSeconds: times, aif: aif)
            // Second differences also see the curve's own curvature (upslope, recirculation) and the
            // jittered sampling, so the estimate runs a little high: conservative for the gate.
            XCTAssertGreaterThan(r.noiseMmolPerL / sigma, 0.9, "σ \(sigma)")
            XCTAssertLessThan(r.noiseMmolPerL / sigma, 1.5, "σ \(sigma)")
            // A model that explains the curve leaves a residual at the noise level.
            XCTAssertLessThan(r.residualToNoise, 1.5)
        }
    }

    /// Pure blood (the AIF itself) is matched only by a residue with F on its upper bound; an RV
    /// curve (the AIF 4 s earlier, before any tissue can enhance) by nothing the model allows. A
    /// clean normal-flow pixel beside them must not be trapped by the blood-heavy mean's seed.
    func testBloodAndRVCurvesAreRejectedAndNoisyLowFlowIsKept() throws {
        let early = GammaVariateAIF(peakMmolPerL: shape.peakMmolPerL, arrivalS: shape.arrivalS - 4)
        let low = tissue(mbf: 0.8)
        let sigma = 0.5 * (low.max() ?? 0)  // CNR 2: R² well below 1, yet a genuine curve
        let curves: [[Double]] = [
            times.map { shape.concentration(at: $0) },
            times.map { 0.5 * early.concentration(at: $0) },
            noisy(low, sigma: sigma, seed: 11),
            tissue(mbf: 3),
        ]
        let n = curves.count
        var pixels = [Float](repeating: 0, count: times.count * n)
        for (p, c) in curves.enumerated() { for k in times.indices { pixels[k * n + p] = Float(c[k]) } }
        let series = try ImageSeries(frames: times.count, rows: 1, columns: n, pixels: pixels,
                                     geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 2)), timesSeconds: times)
        let maps = try PixelwiseFermiFit.fit(tissueGd: series, aif: aif)
        let results = try (0..<n).map { try XCTUnwrap(maps.results[$0]) }

        XCTAssertEqual(results[0].failure, .amplitudeAtBound(perS: FermiBounds().amplitudePerS.upperBound), "\(results[0])")
        // The RV curve fails both gates (the solver pushes F to its bound chasing the early peak).
        XCTAssertLessThan(results[1].rSquared, 0.5)
        XCTAssertGreaterThan(results[1].residualToNoise, 2)
        for p in 0..<2 {
            XCTAssertFalse(maps.converged[p])
            XCTAssertTrue(results[p].failure!.description.contains("blood in the pixel"))
        }
        XCTAssertLessThan(results[2].rSquared, 0.8, "the low-flow curve is meant to be noisy")
        for p in 2..<4 {
            XCTAssertTrue(maps.converged[p], "pixel \(p): \(results[p])")
            XCTAssertNil(results[p].failure)
        }
        XCTAssertEqual(results[3].mbfMlPerMinPerG, 3, accuracy: 0.06)
    }

    func testGatesLeaveFailedAndGoodResultsAlone() {
        let options = FermiFitOptions()
        let failed = FermiFitResult.failed(.flat)
        XCTAssertEqual(PixelFitQuality.checked(failed, options: options).failure, .flat)
        let good = FermiDeconvolution.fit(tissueGd: tissue(mbf: 2), tissueTimesSeconds: times, aif: aif)
        XCTAssertTrue(good.converged)
        XCTAssertEqual(PixelFitQuality.checked(good, options: options), good)
    }
}
