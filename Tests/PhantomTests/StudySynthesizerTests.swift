import Foundation
import MyoFlowCore
import Phantom
import XCTest

final class StudySynthesizerTests: XCTestCase {
    func testStudyShapeAndTiming() throws {
        let spec = PhantomCase.stressLAD.spec(seed: 2)
        let s = try StudySynthesizer.synthesize(spec)
        XCTAssertEqual(s.study.slices.count, 3)
        let aif = try XCTUnwrap(s.study.aif)
        let frames = spec.pdFrameCount + spec.dynamicFrameCount
        for series in s.study.slices + [aif] {
            XCTAssertEqual(series.frames, frames)
            XCTAssertEqual(series.pdFrameIndices, Array(0..<spec.pdFrameCount))
            XCTAssertTrue(series.pixels.allSatisfy { $0.isFinite && $0 >= 0 })
            // One frame per beat at the jittered RR: intervals near 60/HR but not all equal.
            let dt = zip(series.timesSeconds.dropFirst(), series.timesSeconds).map { $0 - $1 }
            let rr = 60 / spec.heartRateBpm
            XCTAssertEqual(dt.reduce(0, +) / Double(dt.count), rr, accuracy: 0.05 * rr)
            XCTAssertGreaterThan(Set(dt.map { ($0 * 1e6).rounded() }).count, dt.count / 2)
        }
        XCTAssertLessThan(aif.rows, s.study.slices[0].rows)
        XCTAssertEqual(s.study.slices[0].geometry.spacing.rowMm, spec.imaging.pixelMm)
        XCTAssertEqual(aif.timesSeconds[0], 0, accuracy: 1e-12)  // the AIF slice is read first in each beat
        XCTAssertGreaterThan(s.study.slices[0].timesSeconds[0], 0)
    }

    /// PD frames carry no contrast: the true Gd is zero in every curve of every series at the PD
    /// frames, and noiseless, motion-free PD frames are identical to each other.
    func testPDFramesHaveNoContrast() throws {
        let s = try StudySynthesizer.synthesize(TestSupport.cleanSpec())
        for (k, series) in (s.study.slices + [s.study.aif!]).enumerated() {
            let truth = s.truth.series[k]
            for f in series.pdFrameIndices {
                for curve in truth.curveGd { XCTAssertEqual(curve[f], 0, "\(truth.name) frame \(f)") }
                XCTAssertEqual(series.frame(f).pixels, series.frame(0).pixels)
            }
            // ...whereas the dynamic frames are saturation-recovery images (darker than PD for blood).
            let lv = TestSupport.interiorPixels(truth.scene.tissue, rows: series.rows, columns: series.columns, code: PhantomTissue.lvBlood.rawValue)[0]
            XCTAssertLessThan(series.pixels[series.pdFrameIndices.count * series.pixelsPerFrame + lv], series.pixels[lv])
        }
        // Also in a noisy case with motion.
        let hard = try StudySynthesizer.synthesize(PhantomCase.hard.spec(seed: 4))
        for truth in hard.truth.series { for curve in truth.curveGd { XCTAssertEqual(curve[0..<hard.truth.spec.pdFrameCount].max(), 0) } }
    }

    /// Contrast reaches the RV first, then the LV, then the myocardium: half-maximum rise times of
    /// the label-mean image curves (noisy static case) are ordered.
    func testEnhancementOrderRVThenLVThenMyocardium() throws {
        for c in [PhantomCase.staticReference, .restNormal] {
            var spec = c.spec(seed: 5)
            spec.motion = .none
            let s = try StudySynthesizer.synthesize(spec)
            for (k, series) in s.study.slices.enumerated() {
                let labels = s.truth.series[k].scene.labels
                func halfRise(_ label: TissueLabel) -> Int {
                    let mask = labels.mask(label)
                    let curve = (0..<series.frames).map { f -> Double in
                        var sum = 0.0, n = 0.0
                        for i in 0..<series.pixelsPerFrame where mask.values[i] { sum += Double(series.pixels[f * series.pixelsPerFrame + i]); n += 1 }
                        return sum / n
                    }
                    let dyn = Array(curve[spec.pdFrameCount...])
                    let base = dyn.prefix(3).reduce(0, +) / 3, peak = dyn.max()!
                    return dyn.firstIndex { $0 > base + 0.5 * (peak - base) }!
                }
                let rv = halfRise(.rvBlood), lv = halfRise(.lvBlood), myo = halfRise(.myocardium)
                XCTAssertLessThan(rv, lv, "\(c.rawValue) slice \(k)")
                XCTAssertLessThan(lv, myo, "\(c.rawValue) slice \(k)")
            }
        }
    }

    /// Every named case is a pure function of its seed; another seed gives another study.
    func testCasesAreReproducibleFromSeed() throws {
        for c in PhantomCase.allCases {
            let a = try StudySynthesizer.synthesize(c.spec(seed: 42))
            let b = try StudySynthesizer.synthesize(c.spec(seed: 42))
            XCTAssertEqual(a.study, b.study, c.rawValue)
            XCTAssertEqual(a.truth.series.map(\.correctionFields), b.truth.series.map(\.correctionFields), c.rawValue)
            XCTAssertEqual(a.truth.series.map(\.scene.mbf), b.truth.series.map(\.scene.mbf), c.rawValue)
            let other = try StudySynthesizer.synthesize(c.spec(seed: 43))
            XCTAssertNotEqual(a.study.slices[0].pixels, other.study.slices[0].pixels, c.rawValue)
        }
    }

    /// Ischaemic territory: lower MBF than normal myocardium, endocardium lower than epicardium;
    /// segments come from AHAGeometry with the phantom's RV insertion points.
    func testPerfusionPatternAndSegments() throws {
        let s = try StudySynthesizer.synthesize(PhantomCase.stressLAD.spec(seed: 8))
        let mbf = s.truth.segmentMBF
        for seg in [1, 2, 7, 8, 13, 14] { XCTAssertLessThan(mbf[seg - 1], 1.6, "LAD segment \(seg)") }
        for seg in [3, 4, 5, 6, 9, 10, 11, 12, 15, 16] { XCTAssertGreaterThan(mbf[seg - 1], 2.5, "segment \(seg)") }
        let layers = s.truth.pattern.mbf[0]
        XCTAssertEqual(layers, layers.sorted())
        XCTAssertLessThan(layers[0], layers[3])
        // The septum (between the RVIs, towards the RV) is segments 2/3 basal; the opposite wall 5/6.
        let basal = s.truth.series[0].scene
        let aha = basal.aha
        let midRVI = (row: 0.5 * (aha.anteriorRVInsertion.row + aha.inferiorRVInsertion.row) - aha.lvCentre.row,
                      column: 0.5 * (aha.anteriorRVInsertion.column + aha.inferiorRVInsertion.column) - aha.lvCentre.column)
        var septal = Set<UInt8>(), lateral = Set<UInt8>()
        for i in basal.segments.indices where basal.segments[i] > 0 {
            let r = Double(i / basal.grid.columns) - aha.lvCentre.row, c = Double(i % basal.grid.columns) - aha.lvCentre.column
            let cosine = (r * midRVI.row + c * midRVI.column) / ((r * r + c * c).squareRoot() * (midRVI.row * midRVI.row + midRVI.column * midRVI.column).squareRoot())
            if cosine > 0.95 { septal.insert(basal.segments[i]) }
            if cosine < -0.95 { lateral.insert(basal.segments[i]) }
        }
        XCTAssertTrue(septal.isSubset(of: [2, 3]) && !septal.isEmpty, "septal segments \(septal)")
        XCTAssertTrue(lateral.isSubset(of: [5, 6]) && !lateral.isEmpty, "lateral segments \(lateral)")
        // The label map: every myocardium pixel has a segment; LV blood is inside.
        XCTAssertEqual(basal.labels.count(.myocardium), basal.segments.filter { $0 > 0 }.count)
    }

    func testInvalidSpecIsRejected() {
        var spec = PhantomCase.staticReference.spec(seed: 1)
        spec.heartRateBpm = 500
        XCTAssertThrowsError(try StudySynthesizer.synthesize(spec)) { XCTAssertTrue("\($0)".contains("heartRateBpm")) }
        XCTAssertThrowsError(try PhantomCase.named("nonsense")) { XCTAssertTrue("\($0)".contains("stress-lad")) }
    }
}
