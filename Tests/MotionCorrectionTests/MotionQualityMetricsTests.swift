import MotionCorrection
import MyoFlowCore
import XCTest

final class MotionQualityMetricsTests: XCTestCase {
    private func series(frames: Int, rows: Int, columns: Int, value: (Int, Int, Int) -> Float) throws -> ImageSeries {
        var pixels = [Float](repeating: 0, count: frames * rows * columns)
        for f in 0..<frames { for r in 0..<rows { for c in 0..<columns { pixels[(f * rows + r) * columns + c] = value(f, r, c) } } }
        return try ImageSeries(frames: frames, rows: rows, columns: columns, pixels: pixels,
                               geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 1)), timesSeconds: (0..<frames).map(Double.init))
    }

    private func disk(rows: Int, columns: Int, centre: (Double, Double), inner: Double, outer: Double) -> Mask {
        Mask(rows: rows, columns: columns, values: (0..<(rows * columns)).map { i in
            let d = (pow(Double(i / columns) - centre.0, 2) + pow(Double(i % columns) - centre.1, 2)).squareRoot()
            return d >= inner && d <= outer
        })
    }

    func testTICRegionRadiusIsWidestMyocardiumPlusMargin() {
        var myo = Mask(rows: 41, columns: 41, values: .init(repeating: false, count: 41 * 41))
        myo[20, 26] = true // 6 px right of the centre: the widest point
        myo[17, 20] = true
        let roi = MotionQualityMetrics.ticRegion(lvCentre: (20, 20), myocardium: myo, marginPixels: 10)
        XCTAssertTrue(roi[20, 36])   // distance 16 = 6 + 10
        XCTAssertFalse(roi[20, 37])  // 17
        XCTAssertTrue(roi[4, 20])    // 16
        XCTAssertFalse(roi[8, 8])    // √288 ≈ 16.97
        XCTAssertEqual(MotionQualityMetrics.ticRegion(lvCentre: (20, 20), myocardium: Mask(rows: 41, columns: 41, values: .init(repeating: false, count: 41 * 41))).count, 0)
    }

    func testTICSmoothnessIsZeroForLinearCurvesAndAnalyticForAlternatingOnes() throws {
        let roi = Mask(rows: 4, columns: 4, values: .init(repeating: true, count: 16))
        // Linear ramps of any slope normalise to a straight line: second difference 0.
        let linear = try series(frames: 10, rows: 4, columns: 4) { f, r, c in Float(f * (r + 1) + c) }
        XCTAssertEqual(MotionQualityMetrics.ticSmoothness(linear, region: roi)!, 0, accuracy: 1e-12)
        // 0,1,0,1,… normalised stays 0/1: second differences ±2 alternating, population SD 2.
        // Half the pixels alternate, half are constant (SD 0): mean 1.
        let alternating = try series(frames: 8, rows: 4, columns: 4) { f, r, _ in r < 2 ? Float(5 + 3 * (f % 2)) : 7 }
        XCTAssertEqual(MotionQualityMetrics.ticSmoothness(alternating, region: roi)!, 1, accuracy: 1e-9)
        // Quadratic t² on 5 frames, normalised by 16: second difference constant 2/16, SD 0.
        let quadratic = try series(frames: 5, rows: 4, columns: 4) { f, _, _ in Float(f * f) }
        XCTAssertEqual(MotionQualityMetrics.ticSmoothness(quadratic, region: roi)!, 0, accuracy: 1e-9)
        XCTAssertNil(MotionQualityMetrics.ticSmoothness(linear, region: roi, frames: [0, 1]))
    }

    func testTICSmoothnessDropsAfterCorrectionOfSyntheticMotion() throws {
        let data = SyntheticPerfusion.make(dynamicFrames: 24, seed: 3, maxTranslation: 4)
        let roi = MotionQualityMetrics.ticRegion(lvCentre: data.lvCentre, myocardium: data.myocardium, marginPixels: 4)
        let moving = MotionQualityMetrics.ticSmoothness(data.series, region: roi)!
        let still = MotionQualityMetrics.ticSmoothness(data.truth, region: roi)!
        XCTAssertLessThan(still, 0.5 * moving)
    }

    func testMyocardialDiceOfConsecutiveFramesAroundPeak() {
        let a = disk(rows: 30, columns: 30, centre: (15, 15), inner: 5, outer: 9)
        let b = disk(rows: 30, columns: 30, centre: (15, 16), inner: 5, outer: 9)
        let masks = [b, b, a, a, a, a, a, b, b]
        // Window of 5 around frame 4: frames 2…6, all equal: Dice 1.
        XCTAssertEqual(MotionQualityMetrics.myocardialDice(masks: masks, peakFrame: 4)!, 1, accuracy: 1e-12)
        // Around frame 6: frames 4…8 → pairs (a,a), (a,a), (a,b), (b,b).
        let ab = a.dice(b)
        XCTAssertEqual(MotionQualityMetrics.myocardialDice(masks: masks, peakFrame: 6)!, (3 + ab) / 4, accuracy: 1e-12)
        // Window clamped at the end: peak 8 → frames 4…8, same value.
        XCTAssertEqual(MotionQualityMetrics.myocardialDice(masks: masks, peakFrame: 8)!, (3 + ab) / 4, accuracy: 1e-12)
        XCTAssertNil(MotionQualityMetrics.myocardialDice(masks: [a], peakFrame: 0))
    }

    func testCorrectedMasksUndoAKnownShift() throws {
        let reference = disk(rows: 30, columns: 30, centre: (15, 15), inner: 5, outer: 9)
        let shifted = disk(rows: 30, columns: 30, centre: (17, 15), inner: 5, outer: 9)
        // Correction field u = (+2, 0): corrected(r, c) = shifted(r + 2, c) = reference(r, c).
        let field = try DisplacementField(rows: 30, columns: 30, rowDisplacement: .init(repeating: 2, count: 900), columnDisplacement: .init(repeating: 0, count: 900))
        let corrected = try MotionQualityMetrics.correctedMasks([shifted], fields: [field])
        XCTAssertEqual(corrected[0], reference)
        XCTAssertThrowsError(try MotionQualityMetrics.correctedMasks([shifted], fields: []))
    }

    func testPhantomMasksFromTrueAndEstimatedFields() throws {
        let data = SyntheticPerfusion.make(dynamicFrames: 8, seed: 9, maxTranslation: 3)
        let dynamic = Array(0..<8)
        let zero = dynamic.map { _ in DisplacementField(rows: 64, columns: 64) }
        let truth = dynamic.map { data.trueFields[$0] }
        // Perfect estimate: every mask is the reference mask again (up to nearest-neighbour
        // rounding at the border of the ring): Dice ≈ 1 around any peak.
        let perfect = try MotionQualityMetrics.correctedMasks(reference: data.myocardium, trueFields: truth, estimatedFields: truth)
        XCTAssertGreaterThan(perfect.map { $0.dice(data.myocardium) }.min()!, 0.95)
        // No correction: the masks move with the motion and consecutive Dice drops.
        let uncorrected = try MotionQualityMetrics.correctedMasks(reference: data.myocardium, trueFields: truth, estimatedFields: zero)
        XCTAssertLessThan(MotionQualityMetrics.myocardialDice(masks: uncorrected, peakFrame: 4)!, 0.8)
        XCTAssertGreaterThan(MotionQualityMetrics.myocardialDice(masks: perfect, peakFrame: 4)!, 0.95)
        // The LV-centre convenience equals the explicit ROI.
        let roi = MotionQualityMetrics.ticRegion(lvCentre: data.lvCentre, myocardium: data.myocardium)
        XCTAssertEqual(MotionQualityMetrics.ticSmoothness(data.series, lvCentre: data.lvCentre, myocardium: data.myocardium),
                       MotionQualityMetrics.ticSmoothness(data.series, region: roi))
        XCTAssertThrowsError(try MotionQualityMetrics.correctedMasks(reference: data.myocardium, trueFields: truth, estimatedFields: []))
    }

    func testPDMyocardialSDAfterMinMaxNormalisation() {
        // PD image 0…200; myocardium half at 100, half at 140: normalised 0.5 and 0.7, SD 0.1.
        var pd = Image2D(rows: 10, columns: 10, value: 50)
        pd[0, 0] = 0; pd[9, 9] = 200
        var myo = Mask(rows: 10, columns: 10, values: .init(repeating: false, count: 100))
        for c in 2..<8 { pd[4, c] = 100; myo[4, c] = true; pd[5, c] = 140; myo[5, c] = true }
        XCTAssertEqual(MotionQualityMetrics.pdMyocardialSD(pd: pd, myocardium: myo)!, 0.1, accuracy: 1e-7)
        XCTAssertNil(MotionQualityMetrics.pdMyocardialSD(pd: pd, myocardium: Mask(rows: 10, columns: 10, values: .init(repeating: false, count: 100))))
    }

    func testResidualMotionRMSOfConstantDifference() throws {
        let truth = try DisplacementField(rows: 4, columns: 5, rowDisplacement: .init(repeating: 1, count: 20), columnDisplacement: .init(repeating: -2, count: 20))
        var estimate = truth
        for i in 0..<20 { estimate.rowDisplacement[i] += 3; estimate.columnDisplacement[i] += 4 }
        XCTAssertEqual(MotionQualityMetrics.residualMotionRMS(estimated: estimate, truth: truth), 5, accuracy: 1e-6)
        var mask = Mask(rows: 4, columns: 5, values: .init(repeating: false, count: 20))
        mask[1, 1] = true
        estimate.rowDisplacement[0] += 100 // outside the mask: ignored
        XCTAssertEqual(MotionQualityMetrics.residualMotionRMS(estimated: estimate, truth: truth, mask: mask), 5, accuracy: 1e-6)
    }
}
