import AIF
import Foundation
import Physics
import XCTest

final class FirstPassFeaturesTests: XCTestCase {
    func testFootPeakValleyOfAGammaVariateWithRecirculation() throws {
        let aif = GammaVariateAIF(peakMmolPerL: 4, arrivalS: 8, alpha: 4, betaS: 0.75)
        let times = (0..<70).map { Double($0) * 0.8 }
        let f = try FirstPassFeatures.detect(timesSeconds: times, values: times.map { aif.concentration(at: $0) })
        XCTAssertEqual(f.peakS, 8 + aif.timeToPeakS, accuracy: 0.81)
        XCTAssertGreaterThan(f.footS, 7)
        XCTAssertLessThan(f.footS, 9.7)
        // FWHM of the true curve on a dense grid; the detector measures it on the σ = 1 s smoothed
        // samples, which widens it by up to ~1 s.
        let dense = stride(from: 0.0, to: 40, by: 0.01).map { ($0, aif.concentration(at: $0)) }
        let half = dense.map(\.1).max()! / 2
        let above = dense.filter { $0.1 >= half && $0.0 < 20 }
        let trueFWHM = above.last!.0 - above.first!.0
        XCTAssertEqual(trueFWHM, 3.6, accuracy: 0.5)  // physics §3: α = 4, β = 0.75 s → FWHM ≈ 3.6 s
        XCTAssertEqual(f.fwhmS, trueFWHM, accuracy: 1.0)
        XCTAssertGreaterThan(f.valleyS, f.peakS + f.fwhmS)
        XCTAssertLessThan(f.valleyS, 8 + aif.recirculationDelayS + aif.timeToPeakS + aif.dispersionS)
    }

    func testCurvesWithoutAFirstPassThrowWithAReason() {
        let t = (0..<30).map(Double.init)
        XCTAssertThrowsError(try FirstPassFeatures.detect(timesSeconds: t, values: t.map { $0 * 0.1 }))  // rises to the end
        XCTAssertThrowsError(try FirstPassFeatures.detect(timesSeconds: t, values: t.map { _ in 0 }))  // flat
        XCTAssertThrowsError(try FirstPassFeatures.detect(timesSeconds: Array(t.prefix(4)), values: [0, 1, 0, 0]))  // too short
        XCTAssertThrowsError(try FirstPassFeatures.detect(timesSeconds: t, values: t.map { $0 == 5 ? .nan : 1 }))
    }
}
