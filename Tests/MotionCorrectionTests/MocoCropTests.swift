import MotionCorrection
import MyoFlowCore
import XCTest

final class MocoCropTests: XCTestCase {
    func testWindowIsCentredAndStaysInside() {
        let spacing = PixelSpacing(isotropicMm: 2)
        let inside = MocoCrop(centre: PixelPosition(row: 60, column: 70), spacing: spacing, imageRows: 120, imageColumns: 144, sideMm: 128)
        XCTAssertEqual([inside.rows, inside.columns], [64, 64], "128 mm at 2 mm")
        XCTAssertEqual(Double(inside.row0) + 31.5, 60, accuracy: 0.5, "window centred on the LV centre")
        XCTAssertEqual(Double(inside.column0) + 31.5, 70, accuracy: 0.5)
        let edge = MocoCrop(centre: PixelPosition(row: 5, column: 140), spacing: spacing, imageRows: 120, imageColumns: 144, sideMm: 128)
        XCTAssertEqual([edge.row0, edge.column0, edge.rows, edge.columns], [0, 80, 64, 64])
        let small = MocoCrop(centre: PixelPosition(row: 10, column: 10), spacing: spacing, imageRows: 30, imageColumns: 40, sideMm: 128)
        XCTAssertEqual([small.row0, small.column0, small.rows, small.columns], [0, 0, 30, 40])
    }

    func testNativeAffineSamplesTheSamePoints() {
        let crop = MocoCrop(row0: 12, column0: 30, rows: 40, columns: 50)
        let a = AffineTransform2D.about(centre: (19.5, 24.5), rotation: 0.1, scale: 1.05, translation: (2, -3))
        let native = crop.nativeAffine(a)
        for (r, c) in [(0.0, 0.0), (10, 33), (39, 49)] {
            let p = a.samplePosition(row: r, column: c)
            let q = native.samplePosition(row: r + 12, column: c + 30)
            XCTAssertEqual(q.row, p.row + 12, accuracy: 1e-9)
            XCTAssertEqual(q.column, p.column + 30, accuracy: 1e-9)
        }
    }

    func testNativeRegistrationWarpsNativeFramesOnce() throws {
        let rows = 30, columns = 36, frames = 3
        var pixels = [Float](repeating: 0, count: frames * rows * columns)
        for i in pixels.indices { pixels[i] = Float((i * 7919) % 97) }
        let series = try ImageSeries(frames: frames, rows: rows, columns: columns, pixels: pixels, geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 2)),
                                     timesSeconds: [0, 1, 2])
        let crop = MocoCrop(row0: 5, column0: 6, rows: 20, columns: 24)
        let windowed = try crop.crop(series)
        XCTAssertEqual(windowed[1, 0, 0], series[1, 5, 6])
        let shift = AffineTransform2D(theta: [1, 0, 1.5, 0, 1, -0.5])
        var registration = SeriesRegistration.identity(of: windowed)
        registration.affines[1] = shift
        registration.fields[1] = shift.displacementField(rows: 20, columns: 24)
        let native = try crop.nativeRegistration(registration, of: series)
        XCTAssertEqual(native.fields[1].rowDisplacement[0], 1.5, accuracy: 1e-6, "outside the window: the native affine")
        XCTAssertEqual(native.fields[1].columnDisplacement[(10 * columns) + 12], -0.5, accuracy: 1e-6)
        let expected = try native.fields[1].warp(series.frame(1))
        XCTAssertEqual(Array(native.corrected.pixels[(rows * columns)..<(2 * rows * columns)]), expected.pixels)
        XCTAssertEqual(Array(native.corrected.pixels[0..<(rows * columns)]), Array(series.pixels[0..<(rows * columns)]))
    }
}
