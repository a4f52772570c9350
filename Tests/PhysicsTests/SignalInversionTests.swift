import Foundation
import MyoFlowCore
import Physics
import XCTest

/// Acceptance test (c): the signal → Gd inversion reproduces the true AIF within 2% at the peak.
final class SignalInversionTests: XCTestCase {
    let constants = RelaxationConstants(fieldStrengthT: 3)!
    // AIF sequence (physics §1): FLASH, TS 24 ms, TR 2.12 ms, FA 8°, 9 lines to the k-space centre.
    let aifSequence = SaturationRecovery(saturationTimeS: 0.024, flipAngleDeg: 8, repetitionTimeS: 0.00212, linesToCentre: 9)
    let aifPD = ProtonDensityReadout(flipAngleDeg: 8, repetitionTimeS: 0.00212, linesToCentre: 9)

    /// Normalised signal S_SR/S_PD·sin α_PD/sin α_SR from the forward equations of Physics.
    func normalisedSignal(gd: Double, sequence: SaturationRecovery, pd: ProtonDensityReadout, t1: Double, coilGain: Double) -> Double {
        let sr = sequence.signal(r1: constants.r1(nativeT1S: t1, gdMmolPerL: gd), scale: coilGain)
        let pdSignal = pd.signal(r1: 1 / t1, scale: coilGain)  // PD frames are pre-contrast
        return sr / pdSignal * sin(pd.flipAngleRad) / sin(sequence.flipAngleRad)
    }

    func testReadoutTrainInversionReproducesTheTrueAIFPeak() throws {
        let truth = GammaVariateAIF(peakMmolPerL: 6)
        let times = (0..<60).map { Double($0) * 0.9 }
        let inversion = try SignalInversion(sequence: aifSequence, pdReadout: aifPD, nativeT1S: constants.t1BloodS,
                                            relaxivity: constants.r1, model: .readoutTrain)
        let recovered = times.map {
            inversion.concentration(normalisedSignal: normalisedSignal(gd: truth.concentration(at: $0), sequence: aifSequence,
                                                                        pd: aifPD, t1: constants.t1BloodS, coilGain: 731)).gdMmolPerL
        }
        let trueCurve = times.map { truth.concentration(at: $0) }
        let iPeak = trueCurve.indices.max { trueCurve[$0] < trueCurve[$1] }!
        XCTAssertEqual(recovered[iPeak] / trueCurve[iPeak], 1, accuracy: 0.02)
        XCTAssertEqual(recovered.max()! / trueCurve.max()!, 1, accuracy: 0.02)
        for (r, t) in zip(recovered, trueCurve) { XCTAssertEqual(r, t, accuracy: 0.02 * max(t, 0.5)) }
    }

    func testCentricInversionIsExactForCentricDataAndBiasedForTrainData() throws {
        let centricSequence = SaturationRecovery(saturationTimeS: 0.024, flipAngleDeg: 8)
        let centricPD = ProtonDensityReadout(flipAngleDeg: 8)
        let centric = try SignalInversion(sequence: centricSequence, pdReadout: centricPD, nativeT1S: constants.t1BloodS,
                                          relaxivity: constants.r1, model: .centric)
        for gd in [0.0, 0.5, 2, 6, 12] {
            let s = normalisedSignal(gd: gd, sequence: centricSequence, pd: centricPD, t1: constants.t1BloodS, coilGain: 3)
            let r = centric.concentration(normalisedSignal: s)
            XCTAssertFalse(r.clamped)
            XCTAssertEqual(r.gdMmolPerL, gd, accuracy: 1e-9 + 1e-9 * gd)
        }
        // The centric approximation applied to a readout-train signal misreads the peak.
        let s = normalisedSignal(gd: 6, sequence: aifSequence, pd: aifPD, t1: constants.t1BloodS, coilGain: 1)
        let centricOnTrain = centric.concentration(normalisedSignal: s).gdMmolPerL
        XCTAssertGreaterThan(abs(centricOnTrain / 6 - 1), 0.02, "the readout train matters at TS = 24 ms, 9 lines")
    }

    func testOutOfRangeSignalsAreClampedAndCounted() throws {
        let inversion = try SignalInversion(sequence: aifSequence, pdReadout: aifPD, nativeT1S: constants.t1BloodS,
                                            relaxivity: constants.r1, model: .readoutTrain, maximumGdMmolPerL: 10)
        let high = inversion.concentration(normalisedSignal: 50)
        XCTAssertTrue(high.clamped)
        XCTAssertEqual(high.gdMmolPerL, 10)
        let low = inversion.concentration(normalisedSignal: -1)
        XCTAssertTrue(low.clamped)
        XCTAssertTrue(inversion.concentration(normalisedSignal: .nan).clamped)
        XCTAssertFalse(inversion.concentration(normalisedSignal: inversion.normalisedSignal(gdMmolPerL: 3)).clamped)

        // Series level: 2 PD frames, 6 dynamic frames; one pixel saturates beyond the range.
        let rows = 2, cols = 2
        var pixels = [Float]()
        let gds: [Double] = [0, 0, 0, 4, 8, 2]
        for _ in 0..<2 { pixels += [Float](repeating: 1, count: rows * cols) }
        for gd in gds {
            let s = Float(inversion.normalisedSignal(gdMmolPerL: gd))
            pixels += [s, s, s, gd == 8 ? 40 : s]
        }
        let series = try ImageSeries(frames: 8, rows: rows, columns: cols, pixels: pixels,
                                     geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 5)),
                                     timesSeconds: (0..<8).map(Double.init), pdFrameIndices: [0, 1])
        let converted = try ConcentrationConversion.convert(normalised: series, inversion: inversion, baselineFrames: [0, 1, 2])
        XCTAssertEqual(converted.clampedCount, 1)
        XCTAssertEqual(converted.gd.frames, 6)
        XCTAssertEqual(converted.gd.timesSeconds, [2, 3, 4, 5, 6, 7])
        XCTAssertEqual(Double(converted.gd[4, 0, 0]), 8, accuracy: 0.01)
        XCTAssertEqual(Double(converted.gd[4, 1, 1]), 10, accuracy: 0.01)  // clamped to the range top
        XCTAssertEqual(converted.reference, .wholeBlood)
    }

    func testReadoutTrainNeedsTRAndLines() {
        XCTAssertThrowsError(try SignalInversion(sequence: SaturationRecovery(saturationTimeS: 0.1, flipAngleDeg: 14),
                                                 pdReadout: ProtonDensityReadout(flipAngleDeg: 5), nativeT1S: 1.3,
                                                 relaxivity: 4.9, model: .readoutTrain))
    }
}
