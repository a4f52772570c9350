import AIF
import Foundation
import MyoFlowCore
import Physics
import XCTest

/// AIF extraction on a synthetic low-res AIF series built with the Physics forward equations.
final class AIFExtractionTests: XCTestCase {
    let rows = 40, columns = 40
    let constants = RelaxationConstants(fieldStrengthT: 3)!
    let lvAIF = GammaVariateAIF(peakMmolPerL: 5, arrivalS: 8)
    let rvAIF = GammaVariateAIF(peakMmolPerL: 6, arrivalS: 5.5, betaS: 0.6)

    enum Region { case background, body, lv, myocardium, rv }

    func region(_ r: Int, _ c: Int) -> Region {
        let lv = hypot(Double(r) - 20, Double(c) - 23)
        if lv < 5 { return .lv }
        if lv < 7.5 { return .myocardium }
        if hypot(Double(r) - 19, Double(c) - 12) < 5.5 { return .rv }
        let er = (Double(r) - 20) / 18, ec = (Double(c) - 20) / 19
        return er * er + ec * ec < 1 ? .body : .background
    }

    func gd(_ region: Region, at t: Double) -> Double {
        switch region {
        case .lv: return lvAIF.concentration(at: t)
        case .rv: return rvAIF.concentration(at: t)
        case .myocardium: return 0.12 * lvAIF.concentration(at: t - 2)
        case .body, .background: return 0
        }
    }

    func makeSeries(sequence: SaturationRecovery, pd: ProtonDensityReadout, parameters: SequenceParameters) throws -> (ImageSeries, [Double]) {
        let pdFrames = 2, dynamic = 60, frames = pdFrames + dynamic
        var times: [Double] = []
        var t = 0.0
        for f in 0..<frames {
            times.append(t)
            t += 0.85 * (1 + 0.1 * sin(Double(f) * 1.7))
        }
        var pixels = [Float](repeating: 0, count: frames * rows * columns)
        var noiseState: UInt64 = 99
        func noise() -> Double {  // uniform in [−1, 1], deterministic
            noiseState = noiseState &* 6364136223846793005 &+ 1442695040888963407
            return Double(noiseState >> 11) / Double(1 << 52) - 1
        }
        for f in 0..<frames {
            for r in 0..<rows {
                for c in 0..<columns {
                    let reg = region(r, c)
                    let rho = reg == .background ? 0.0 : 1.0
                    let t1 = (reg == .lv || reg == .rv) ? constants.t1BloodS : constants.t1MyocardiumS
                    let coil = 1.5 * pow(1 + pow(Double(r) * 4 / 150, 2), -1.5) + 0.3
                    let value: Double
                    if f < pdFrames {
                        value = pd.signal(r1: 1 / t1, scale: rho * coil)
                    } else {
                        value = sequence.signal(r1: constants.r1(nativeT1S: t1, gdMmolPerL: gd(reg, at: times[f])), scale: rho * coil)
                    }
                    pixels[(f * rows + r) * columns + c] = Float(1000 * (value + 0.002 * noise()))
                }
            }
        }
        let series = try ImageSeries(frames: frames, rows: rows, columns: columns, pixels: pixels,
                                     geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 4)), timesSeconds: times,
                                     pdFrameIndices: Array(0..<pdFrames), sequence: parameters, seriesDescription: "AIF synthetic")
        return (series, Array(times[pdFrames...]))
    }

    func testExtractsTheLVBloodPoolAndTheTrueAIF() throws {
        let sequence = SaturationRecovery(saturationTimeS: 0.024, flipAngleDeg: 8, repetitionTimeS: 0.00212, linesToCentre: 9)
        let pd = ProtonDensityReadout(flipAngleDeg: 8, repetitionTimeS: 0.00212, linesToCentre: 9)
        let parameters = SequenceParameters(saturationTimeMs: 24, repetitionTimeMs: 2.12, flipAngleDeg: 8, pdFlipAngleDeg: 8, linesToCentre: 9)
        let (series, times) = try makeSeries(sequence: sequence, pd: pd, parameters: parameters)
        let result = try AIFExtraction.extract(from: series, study: StudyParameters(fieldStrengthT: 3))
        XCTAssertEqual(result.model, .readoutTrain)
        XCTAssertFalse(result.saturated)
        let roi = (0..<(rows * columns)).filter { result.bloodPool.roi.values[$0] }
        XCTAssertGreaterThanOrEqual(roi.count, 20)
        for p in roi { XCTAssertEqual(region(p / columns, p % columns), .lv, "ROI pixel \(p) outside the LV pool") }
        XCTAssertNotNil(result.bloodPool.rvGroup, "the earlier RV enhancement is recognised")
        XCTAssertLessThan(result.bloodPool.rvArrivalS!, result.bloodPool.lvArrivalS)
        let truth = times.map { lvAIF.concentration(at: $0) }
        let peakIndex = truth.indices.max { truth[$0] < truth[$1] }!
        XCTAssertEqual(result.curve.gdMmolPerL[peakIndex] / truth[peakIndex], 1, accuracy: 0.03)
        XCTAssertEqual(result.curve.timesSeconds, times)
        XCTAssertEqual(result.features.peakS, times[peakIndex], accuracy: 1.0)
        XCTAssertEqual(result.features.footS, lvAIF.arrivalS, accuracy: 1.5)
        XCTAssertGreaterThan(result.features.valleyS, result.features.peakS + 2)
        XCTAssertEqual(result.curve.reference, .wholeBlood)
        XCTAssertTrue(result.warnings.isEmpty, "\(result.warnings)")

        var plasma = AIFExtraction.Options()
        plasma.reference = .plasma
        let p = try AIFExtraction.extract(from: series, study: StudyParameters(fieldStrengthT: 3, haematocrit: 0.4), options: plasma)
        XCTAssertEqual(p.curve.gdMmolPerL[peakIndex], result.curve.gdMmolPerL[peakIndex] / 0.6, accuracy: 1e-9)
    }

    func testHighResFallbackWarnsAboutSaturation() throws {
        let sequence = SaturationRecovery(saturationTimeS: 0.1, flipAngleDeg: 14)
        let pd = ProtonDensityReadout(flipAngleDeg: 5)
        let parameters = SequenceParameters(saturationTimeMs: 100, flipAngleDeg: 14, pdFlipAngleDeg: 5)
        let (series, _) = try makeSeries(sequence: sequence, pd: pd, parameters: parameters)
        let result = try AIFExtraction.extractFromHighRes(basal: series, study: StudyParameters(fieldStrengthT: 3))
        XCTAssertTrue(result.saturated)
        XCTAssertEqual(result.model, .centric)
        XCTAssertTrue(result.warnings.first?.contains("MBF will be overestimated") ?? false)
    }

    func testMissingParametersAreReported() throws {
        let sequence = SaturationRecovery(saturationTimeS: 0.024, flipAngleDeg: 8)
        let (series, _) = try makeSeries(sequence: sequence, pd: ProtonDensityReadout(flipAngleDeg: 8),
                                         parameters: SequenceParameters(flipAngleDeg: 8, pdFlipAngleDeg: 8))
        XCTAssertThrowsError(try AIFExtraction.extract(from: series, study: StudyParameters(fieldStrengthT: 3))) { error in
            XCTAssertTrue("\(error)".contains("saturation time"), "\(error)")
        }
        XCTAssertThrowsError(try AIFExtraction.extract(from: series, study: StudyParameters())) { error in
            XCTAssertTrue("\(error)".contains("field strength"), "\(error)")
        }
    }
}
