import AIF
import CoilCorrection
import Foundation
import Kinetics
import MyoFlowCore
import Physics
import XCTest

/// The quantification chain on tissue signals: coil-weighted SR/PD images → PD normalisation →
/// readout-train LUT inversion with myocardial T1 → baseline → segment and pixel fits → MBF.
final class SignalToMBFChainTests: XCTestCase {
    func testMBFIsRecoveredFromCoilWeightedSignals() throws {
        let constants = RelaxationConstants(fieldStrengthT: 1.5)!
        let shape = GammaVariateAIF(peakMmolPerL: 5)
        let times = SyntheticCurves.acquisitionTimes()
        let pdFrames = 2
        let allTimes = (0..<pdFrames).map { Double($0) * 0.85 } + times.map { $0 + Double(pdFrames) * 0.85 }
        let aifTimes = Array(allTimes[pdFrames...])
        let aif = try AIFCurve(timesSeconds: aifTimes, gdMmolPerL: aifTimes.map { shape.concentration(at: $0) })
        // High-res FLASH: TS 100 ms, TR 2.5 ms, 14°, 18 lines to the centre; PD 5°.
        let sequence = SaturationRecovery(saturationTimeS: 0.1, flipAngleDeg: 14, repetitionTimeS: 0.0025, linesToCentre: 18)
        let pdReadout = ProtonDensityReadout(flipAngleDeg: 5, repetitionTimeS: 0.0025, linesToCentre: 18)
        let rows = 32, columns = 32, n = rows * columns
        let mbf = 2.5
        let residue = FermiResidue(mbfMlPerMinPerG: mbf, shoulderS: 2.5, washoutPerS: 0.6, delayS: 0.6)
        let tissueTimes = allTimes.map { $0 + 0.3 }
        let tissueGd = tissueTimes.map { SyntheticCurves.tissue(at: $0, aif: shape, residue: residue) }
        var pixels = [Float](repeating: 0, count: allTimes.count * n)
        for f in allTimes.indices {
            for p in 0..<n {
                let coil = 0.6 + 1.4 * exp(-Double(p / columns) * 3 / 120)  // ≈1.7× across the 96 mm field of view
                let value = f < pdFrames
                    ? pdReadout.signal(r1: 1 / constants.t1MyocardiumS, scale: 800 * coil)
                    : sequence.signal(r1: constants.r1(nativeT1S: constants.t1MyocardiumS, gdMmolPerL: tissueGd[f]), scale: 800 * coil)
                pixels[f * n + p] = Float(value)
            }
        }
        let series = try ImageSeries(frames: allTimes.count, rows: rows, columns: columns, pixels: pixels,
                                     geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 3)), timesSeconds: tissueTimes,
                                     pdFrameIndices: Array(0..<pdFrames),
                                     sequence: SequenceParameters(saturationTimeMs: 100, repetitionTimeMs: 2.5, flipAngleDeg: 14,
                                                                  pdFlipAngleDeg: 5, linesToCentre: 18))
        let corrected = try SurfaceCoilCorrection.correct(series: series)
        let inversion = try SignalInversion(sequence: sequence, pdReadout: pdReadout, nativeT1S: constants.t1MyocardiumS,
                                            relaxivity: constants.r1, model: .readoutTrain)
        let features = try FirstPassFeatures.detect(timesSeconds: aif.timesSeconds, values: aif.gdMmolPerL)
        let baseline = ConcentrationConversion.baselineFrames(of: corrected.series, arrivalS: features.footS)
        XCTAssertGreaterThanOrEqual(baseline.count, 3)
        let gd = try ConcentrationConversion.convert(normalised: corrected.series, inversion: inversion, baselineFrames: baseline)
        XCTAssertEqual(gd.clampedCount, 0)
        // The heart sits away from the field-of-view edge, where the one-sided Gaussian coil map
        // is biased for a steep field: the centre 16×16 pixels.
        let mask = Mask(rows: rows, columns: columns, values: (0..<n).map { (8..<24).contains($0 / columns) && (8..<24).contains($0 % columns) })
        let segment = try SegmentFit.fit(tissueGd: gd.gd, segments: [("all", mask)], aif: aif)[0]
        XCTAssertTrue(segment.fit.converged)
        XCTAssertEqual(segment.fit.mbfMlPerMinPerG / mbf, 1, accuracy: 0.01)
        let maps = try PixelwiseFermiFit.fit(tissueGd: gd.gd, aif: aif, mask: mask)
        XCTAssertEqual(maps.flaggedCount, 0)
        XCTAssertEqual(maps.fittedCount, 256)
        for (p, v) in maps.mbfMlPerMinPerG.enumerated() where mask.values[p] { XCTAssertEqual(Double(v) / mbf, 1, accuracy: 0.01, "pixel \(p)") }
    }
}
