import Foundation
import HDF5IO
import MyoFlowCore
import Phantom
import XCTest

final class TrainingSetTests: XCTestCase {
    func testRecordsAreDeterministicAndConsistent() throws {
        let a = TrainingSet.record(index: 5, seed: 9, size: 64)
        let b = TrainingSet.record(index: 5, seed: 9, size: 64)
        XCTAssertEqual(a.moving, b.moving)
        XCTAssertEqual(a.displacement, b.displacement)
        XCTAssertNotEqual(TrainingSet.record(index: 6, seed: 9, size: 64).fixed, a.fixed)
        var restoredBetter = 0, tested = 0
        for index in 0..<12 {
            let r = TrainingSet.record(index: index, seed: 21, size: 96)
            let u = try DisplacementField(rows: 96, columns: 96, rowDisplacement: Array(r.displacement[0..<(96 * 96)]),
                                          columnDisplacement: Array(r.displacement[(96 * 96)...]))
            // Landmarks: a fixed landmark p moved to p + u(p).
            for k in 0..<3 {
                let p = (Double(r.landmarksFixed[2 * k]), Double(r.landmarksFixed[2 * k + 1]))
                guard (1.0..<95.0).contains(p.0), (1.0..<95.0).contains(p.1), r.meta[4] == 0 else { continue }
                let ur = Bilinear.sample(u.rowDisplacement, rows: 96, columns: 96, row: p.0, column: p.1)
                XCTAssertEqual(Double(r.landmarksMoving[2 * k]), p.0 + Double(ur), accuracy: 0.05)
            }
            guard r.meta[4] == 0, u.rmsMagnitude() > 1 else { continue }
            tested += 1
            // Warping the moving labels back with u recovers the fixed labels.
            let back = try u.warp(LabelMap(rows: 96, columns: 96, labels: r.labelsMoving))
            let fixedLabels = try LabelMap(rows: 96, columns: 96, labels: r.labelsFixed)
            if fixedLabels.count(.lvBlood) > 20 {
                XCTAssertGreaterThan(back.mask(.lvBlood).dice(fixedLabels.mask(.lvBlood)), 0.9, "record \(index)")
            }
            // Warping the moving frame with u brings it closer to the PCA reference.
            let restored = try u.warp(Image2D(rows: 96, columns: 96, pixels: r.moving))
            func err(_ x: [Float]) -> Double { zip(x, r.pcaReference).reduce(0) { $0 + abs(Double($1.0 - $1.1)) } }
            if err(restored.pixels) < err(r.moving) { restoredBetter += 1 }
            // The static (pre-contrast) twins obey the same field.
            let restoredStatic = try u.warp(Image2D(rows: 96, columns: 96, pixels: r.movingStatic))
            func errStatic(_ x: [Float]) -> Double { zip(x, r.fixedStatic).reduce(0) { $0 + abs(Double($1.0 - $1.1)) } }
            XCTAssertLessThan(errStatic(restoredStatic.pixels), 0.5 * errStatic(r.movingStatic), "record \(index)")
        }
        XCTAssertGreaterThan(tested, 4)
        XCTAssertEqual(restoredBetter, tested)
    }

    func testStreamsToHDF5() throws {
        let path = NSTemporaryDirectory() + "phantom-ts-\(UUID().uuidString).h5"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainingSet.write(count: TrainingSet.batchSize + 5, to: path, seed: 4, size: 64)
        let f = try HDF5File(path: path, mode: .read)
        let n = TrainingSet.batchSize + 5
        XCTAssertEqual(try f.stringAttribute("format"), TrainingSet.formatName)
        XCTAssertEqual(try f.shape(of: "fixed"), [n, 64, 64])
        XCTAssertEqual(try f.shape(of: "true_ddf"), [n, 2, 64, 64])
        XCTAssertEqual(try f.shape(of: "moving_static"), [n, 64, 64])
        XCTAssertEqual(try f.shape(of: "reference"), [n, 64, 64])
        XCTAssertEqual(try f.shape(of: "labels_moving"), [n, 64, 64])
        XCTAssertEqual(try f.shape(of: "landmarks_fixed"), [n, 3, 2])
        XCTAssertEqual(try f.shape(of: "meta"), [n, 8])
        let moving = try f.read("moving", as: Float.self)
        let last = TrainingSet.record(index: n - 1, seed: 4, size: 64)
        XCTAssertEqual(Array(moving.values[((n - 1) * 4096)...]), last.moving)
        XCTAssertThrowsError(try TrainingSet.write(count: 0, to: path, seed: 1))
    }
}
