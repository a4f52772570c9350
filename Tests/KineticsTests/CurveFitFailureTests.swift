import AIF
import Foundation
import Kinetics
import Physics
import XCTest

/// Acceptance test (e): bad curves return a flagged, non-converged result with a reason.
final class CurveFitFailureTests: XCTestCase {
    let times = SyntheticCurves.acquisitionTimes()
    lazy var aif = try! SyntheticCurves.aifCurve(GammaVariateAIF(), times: times)
    lazy var goodTissue: [Double] = times.map {
        SyntheticCurves.tissue(at: $0, aif: GammaVariateAIF(), residue: FermiResidue(mbfMlPerMinPerG: 2, shoulderS: 2, washoutPerS: 0.5, delayS: 1))
    }

    func fit(_ tissue: [Double], aif: AIFCurve? = nil, times: [Double]? = nil) -> FermiFitResult {
        FermiDeconvolution.fit(tissueGd: tissue, tissueTimesSeconds: times ?? self.times, aif: aif ?? self.aif)
    }

    func assertFlagged(_ r: FermiFitResult, _ matches: (CurveFitFailure) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(r.converged, file: file, line: line)
        guard let failure = r.failure else { return XCTFail("no failure reason", file: file, line: line) }
        XCTAssertTrue(matches(failure), "unexpected reason: \(failure)", file: file, line: line)
        XCTAssertFalse(failure.description.isEmpty)
    }

    func testGoodCurveIsNotFlagged() {
        let r = fit(goodTissue)
        XCTAssertTrue(r.converged)
        XCTAssertNil(r.failure)
    }

    func testFlatCurve() {
        assertFlagged(fit([Double](repeating: 0, count: times.count))) { $0 == .flat }
        assertFlagged(fit([Double](repeating: 0.3, count: times.count))) { $0 == .flat }
    }

    func testNaNCurve() {
        var t = goodTissue
        t[20] = .nan
        assertFlagged(fit(t)) { if case .nonFinite = $0 { return true }; return false }
    }

    func testNegativeCurve() {
        let t = goodTissue.map { -$0 }
        assertFlagged(fit(t)) { if case .negative = $0 { return true }; return false }
    }

    func testTooShortCurve() throws {
        let short = Array(times.prefix(16))  // ends 5 s after the AIF foot
        let aif = try AIFCurve(timesSeconds: short, gdMmolPerL: short.map { GammaVariateAIF().concentration(at: $0) })
        let r = fit(Array(goodTissue.prefix(16)), aif: aif, times: short)
        assertFlagged(r) {
            if case .tooShort = $0 { return true }
            if case .noFirstPass = $0 { return true }
            return false
        }
        let tiny = Array(times.prefix(4))
        let aifTiny = try AIFCurve(timesSeconds: tiny, gdMmolPerL: [0, 1, 2, 1])
        assertFlagged(fit([0, 0.1, 0.2, 0.1], aif: aifTiny, times: tiny)) {
            if case .noFirstPass = $0 { return true }
            if case .tooShort = $0 { return true }
            return false
        }
    }

    func testNoFirstPassInTheAIF() throws {
        let rising = try AIFCurve(timesSeconds: times, gdMmolPerL: times.map { 0.05 * $0 })
        assertFlagged(fit(goodTissue, aif: rising)) { if case .noFirstPass = $0 { return true }; return false }
        let flat = try AIFCurve(timesSeconds: times, gdMmolPerL: times.map { _ in 0 })
        assertFlagged(fit(goodTissue, aif: flat)) { if case .noFirstPass = $0 { return true }; return false }
        var nanAIF = aif
        nanAIF.gdMmolPerL[12] = .nan
        assertFlagged(fit(goodTissue, aif: nanAIF)) { if case .nonFinite = $0 { return true }; return false }
    }

    func testMismatchedLengths() {
        assertFlagged(fit(Array(goodTissue.prefix(30)))) { if case .invalidInput = $0 { return true }; return false }
    }
}
