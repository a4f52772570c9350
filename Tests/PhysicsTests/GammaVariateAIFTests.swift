import Physics
import XCTest

final class GammaVariateAIFTests: XCTestCase {
    func testFirstPassPeaksAtTimeToPeakWithPeakValue() {
        let aif = GammaVariateAIF(peakMmolPerL: 4.4, arrivalS: 7, alpha: 4, betaS: 0.75)
        XCTAssertEqual(aif.timeToPeakS, 3)
        XCTAssertEqual(aif.firstPass(at: 10), 4.4, accuracy: 1e-12)
        XCTAssertLessThan(aif.firstPass(at: 9.8), 4.4)
        XCTAssertLessThan(aif.firstPass(at: 10.2), 4.4)
        XCTAssertEqual(aif.firstPass(at: 6), 0)
        XCTAssertEqual(aif.concentration(at: 6.9), 0)
    }

    func testRecirculationAndPlateauStaySmallAndPositive() {
        let aif = GammaVariateAIF(peakMmolPerL: 4, arrivalS: 5)
        let late = aif.concentration(at: 60)
        XCTAssertGreaterThan(late, 0.1 * 4 * 0.5)
        XCTAssertLessThan(late, 0.3 * 4)
        let curve = stride(from: 0.0, to: 60, by: 0.5).map { aif.concentration(at: $0) }
        XCTAssertEqual(curve.max()!, 4, accuracy: 0.4)  // plateau onset adds a little at the peak
    }
}
