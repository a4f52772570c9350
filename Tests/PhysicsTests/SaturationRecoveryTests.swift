import Foundation
import Physics
import XCTest

final class SaturationRecoveryTests: XCTestCase {
    /// Step-by-step Bloch simulation of the readout: relax for TD, then (flip, relax TR) × n.
    private func simulate(startMz: Double, tdS: Double, trS: Double, flipDeg: Double, pulses: Int, r1: Double) -> Double {
        var mz = 1 - (1 - startMz) * exp(-tdS * r1)
        for _ in 0..<pulses {
            mz *= cos(flipDeg * .pi / 180)
            mz = 1 - (1 - mz) * exp(-trS * r1)
        }
        return mz
    }

    func testCentricApproximation() {
        let sr = SaturationRecovery(saturationTimeS: 0.1, flipAngleDeg: 12)
        XCTAssertEqual(sr.relativeMagnetisation(r1: 1 / 1.3), 1 - exp(-0.1 / 1.3), accuracy: 1e-15)
        XCTAssertEqual(sr.signal(r1: 2, scale: 3), 3 * sin(12 * .pi / 180) * (1 - exp(-0.2)), accuracy: 1e-15)
    }

    func testReadoutTrainMatchesStepwiseSimulation() {
        for r1 in [0.5, 2.0, 8.0, 30.0] {
            let sr = SaturationRecovery(saturationTimeS: 0.1, flipAngleDeg: 14, repetitionTimeS: 0.0025, linesToCentre: 18)
            let expected = simulate(startMz: 0, tdS: 0.1 - 18 * 0.0025, trS: 0.0025, flipDeg: 14, pulses: 18, r1: r1)
            XCTAssertEqual(sr.relativeMagnetisation(r1: r1), expected, accuracy: 1e-12, "R1 \(r1)")
        }
    }

    func testSignalIncreasesWithR1() {
        let sr = SaturationRecovery(saturationTimeS: 0.025, flipAngleDeg: 8, repetitionTimeS: 0.0021, linesToCentre: 9)
        let values = stride(from: 0.5, to: 60, by: 0.5).map { sr.signal(r1: $0) }
        XCTAssertTrue(zip(values, values.dropFirst()).allSatisfy { $0 < $1 })
    }

    func testPDReadoutMatchesSimulationFromFullMagnetisation() {
        let pd = ProtonDensityReadout(flipAngleDeg: 5, repetitionTimeS: 0.0025, linesToCentre: 18)
        let expected = simulate(startMz: 1, tdS: 0, trS: 0.0025, flipDeg: 5, pulses: 18, r1: 1 / 1.3)
        XCTAssertEqual(pd.relativeMagnetisation(r1: 1 / 1.3), expected, accuracy: 1e-12)
        XCTAssertEqual(ProtonDensityReadout(flipAngleDeg: 5).relativeMagnetisation(r1: 1), 1)
    }

    func testRelaxationConstants() throws {
        let c3 = try XCTUnwrap(RelaxationConstants(fieldStrengthT: 2.89))
        XCTAssertEqual(c3.r1, 4.9188)
        XCTAssertEqual(c3.r1(nativeT1S: 2, gdMmolPerL: 1), 0.5 + 4.9188, accuracy: 1e-12)
        XCTAssertEqual(RelaxationConstants(fieldStrengthT: 1.5)?.t1BloodS, 1.7)
        XCTAssertNil(RelaxationConstants(fieldStrengthT: 7))
        XCTAssertNil(RelaxationConstants(fieldStrengthT: .nan))
    }
}
