import MyoFlowCore
import XCTest

final class ImageSeriesTests: XCTestCase {
    private let geometry = SliceGeometry(spacing: PixelSpacing(isotropicMm: 2))

    private func series(frames: Int = 3, rows: Int = 2, columns: Int = 4, times: [Double]? = nil, pd: [Int] = []) throws -> ImageSeries {
        try ImageSeries(frames: frames, rows: rows, columns: columns,
                        pixels: (0..<(frames * rows * columns)).map(Float.init), geometry: geometry,
                        timesSeconds: times ?? (0..<frames).map { Double($0) * 0.9 }, pdFrameIndices: pd)
    }

    func testIndexingIsFrameMajorRowMajor() throws {
        let s = try series()
        XCTAssertEqual(s[0, 0, 0], 0)
        XCTAssertEqual(s[0, 1, 0], 4)
        XCTAssertEqual(s[1, 0, 0], 8)
        XCTAssertEqual(s[2, 1, 3], 23)
        XCTAssertEqual(s.frame(1).pixels, (8..<16).map(Float.init))
        XCTAssertEqual(s.curve(row: 1, column: 2), [6, 14, 22])
    }

    func testDisplayNameIsTheDescriptionElseTheUID() throws {
        var s = try series()
        s.seriesInstanceUID = "1.2.3"
        XCTAssertEqual(s.displayName, "1.2.3")
        s.seriesDescription = "perf_base"
        XCTAssertEqual(s.displayName, "perf_base")
    }

    func testRejectsWrongPixelCount() {
        XCTAssertThrowsError(try ImageSeries(frames: 2, rows: 2, columns: 2, pixels: [0, 1, 2], geometry: geometry, timesSeconds: [0, 1])) {
            XCTAssertEqual($0 as? CoreError, .shapeMismatch(what: "ImageSeries pixels", expected: [2, 2, 2], got: 3))
        }
    }

    func testRejectsNonIncreasingOrNonFiniteTimes() {
        XCTAssertThrowsError(try series(times: [0, 1, 1]))
        XCTAssertThrowsError(try series(times: [0, 2, 1]))
        XCTAssertThrowsError(try series(times: [0, .nan, 2]))
        XCTAssertThrowsError(try series(times: [0, 1]))
    }

    func testRejectsBadPDIndices() {
        XCTAssertThrowsError(try series(pd: [3]))
        XCTAssertThrowsError(try series(pd: [1, 0]))
        XCTAssertThrowsError(try series(pd: [0, 0]))
        XCTAssertNoThrow(try series(pd: [0, 1]))
    }

    func testDynamicFramesExcludePDFrames() throws {
        let s = try series(frames: 5, times: [0, 0.1, 1, 2, 3], pd: [0, 1])
        XCTAssertEqual(s.dynamicFrameIndices, [2, 3, 4])
    }

    func testMedianIntervalUsesDynamicFramesOnly() throws {
        // PD frames 0.1 s apart must not pull the RR estimate down.
        let s = try series(frames: 6, times: [0, 0.1, 1.0, 1.8, 2.9, 3.8], pd: [0, 1])
        XCTAssertEqual(s.medianFrameIntervalSeconds!, 0.9, accuracy: 1e-12)  // intervals 0.8, 1.1, 0.9
    }

    func testSetFrameChecksGrid() throws {
        var s = try series()
        try s.setFrame(1, to: Image2D(rows: 2, columns: 4, value: 7))
        XCTAssertEqual(s[1, 1, 3], 7)
        XCTAssertEqual(s[2, 0, 0], 16)
        XCTAssertThrowsError(try s.setFrame(0, to: Image2D(rows: 4, columns: 2, value: 0)))
    }

    func testRejectsInvalidSpacing() {
        let bad = SliceGeometry(spacing: PixelSpacing(rowMm: 0, columnMm: 1))
        XCTAssertThrowsError(try ImageSeries(frames: 1, rows: 1, columns: 1, pixels: [0], geometry: bad, timesSeconds: [0]))
    }
}
