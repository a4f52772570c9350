import MotionCorrection
import MyoFlowCore
import XCTest

final class OutlierDetectionTests: XCTestCase {
    func testRobustZMatchesModifiedZScore() {
        // median 3, |x − 3| = 2,1,0,1,7 → MAD 1; z = 0.6745·(x − 3).
        let z = OutlierDetection.robustZ([1, 2, 3, 4, 10])
        XCTAssertEqual(z, [-1.349, -0.6745, 0, 0.6745, 4.7215].map { $0 }, accuracy: 1e-9)
        XCTAssertEqual(OutlierDetection.robustZ([2, 2, 2]), [0, 0, 0])
        // MAD 0 but one value off: falls back to the mean absolute deviation.
        let fallback = OutlierDetection.robustZ([1, 1, 1, 1, 5])
        XCTAssertEqual(fallback[4], 4 / (1.2533 * 0.8), accuracy: 1e-9)
    }

    func testNeighbourExcessIgnoresSmoothRisesAndFindsIsolatedJumps() {
        // A first-pass-like rise and fall of the residual (1 → 2.9 → 2.4) and one jump at frame 16
        // (×1.5; neighbours 2.6, 2.5, 2.4, 2.4 → median 2.45).
        let r: [Double] = [1, 1, 1, 1, 1.2, 1.5, 1.9, 2.3, 2.6, 2.8, 2.9, 2.9, 2.8, 2.7, 2.6, 2.5, 2.5 * 1.5, 2.4, 2.4, 2.4]
        let x = OutlierDetection.neighbourExcess(r)
        XCTAssertEqual(x[16], (3.75 - 2.45) / 2.45, accuracy: 1e-12)
        XCTAssertEqual(x[6], 0, accuracy: 1e-12)  // 1.9 amid 1.2, 1.5, 2.3, 2.6
        XCTAssertEqual(x[0], 0, accuracy: 1e-12)  // neighbours 1, 1
        let z = OutlierDetection.robustZ(x)
        XCTAssertEqual(z.indices.filter { z[$0] > 5 }, [16], "z = \(z)")
        // On the residuals themselves the jump hides among the first pass's large values.
        let zr = OutlierDetection.robustZ(r)
        XCTAssertEqual(zr.indices.filter { zr[$0] > 5 }, [], "z(r) = \(zr)")
        XCTAssertEqual(OutlierDetection.neighbourExcess([]), [])
        XCTAssertEqual(OutlierDetection.neighbourExcess([3]), [0])
        XCTAssertEqual(OutlierDetection.neighbourExcess([0, 0, 0]), [0, 0, 0])  // m = 0
    }

    func testMistriggeredFrameIsFlaggedAndCanBeExcluded() throws {
        // Frame 6 acquired in systole (thicker wall, smaller blood pool) near peak blood
        // enhancement; similarity and residuals evaluated in a heart-centred 36×36 region.
        let data = SyntheticPerfusion.make(dynamicFrames: 20, seed: 5, maxTranslation: 2, mistriggeredFrame: 6)
        let region = Mask(rows: 64, columns: 64, values: (0..<4096).map { abs($0 / 64 - 32) < 18 && abs($0 % 64 - 30) < 18 })
        let configuration = MotionCorrectionConfiguration(region: region)
        let result = try IterativeMotionCorrection.corrector(configuration: configuration).correct(data.series)
        XCTAssertEqual(result.outliers.frames, Array(0..<20))
        XCTAssertEqual(result.outliers.flaggedFrames, [6], "z = \(result.outliers.robustZ)")
        XCTAssertEqual(result.excludedFrames, [])
        var excludingConfiguration = configuration
        excludingConfiguration.excludeOutliers = true
        let excluding = try IterativeMotionCorrection.corrector(configuration: excludingConfiguration).correct(data.series)
        XCTAssertEqual(excluding.excludedFrames, [6])
        XCTAssertTrue(excluding.outliers.flaggedFrames.contains(6))
        // Refitted without the outlier, its residual stands out at least as much.
        let z = { (r: SeriesRegistration) in r.outliers.robustZ[r.outliers.frames.firstIndex(of: 6)!] }
        XCTAssertGreaterThanOrEqual(z(excluding), z(result) * 0.9)
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
