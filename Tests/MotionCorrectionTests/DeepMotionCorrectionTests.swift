import Foundation
import MotionCorrection
import MyoFlowCore
import NeuralEngine
import XCTest

/// The deep method end to end with the shipped models (Models/affine1.h5, affine2.h5,
/// nonrigid.h5), and its errors. The weights are still being trained: these tests check the
/// contract that holds for any weights (every frame gets a finite transform, PD frames go through
/// `PDAlignment`, the non-rigid residual is confined to the network's grid, the native frames are
/// resampled once); accuracy is measured by `MocoValidation --method deep` (tools/bench).
final class DeepMotionCorrectionTests: XCTestCase {
    private func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deepmoco-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testCorrectsASyntheticSeriesWithMotionOnEveryFrame() throws {
        let models = try DeepMotionCorrection.load(modelsDirectory: RegistrationNetworkTests.modelsFolder, workers: 2)
        // 112 × 112 at 2 mm (224 mm): the 200 mm window is 100 px around the LV; the LocalNet grid
        // (96 px of `stage3GridPixelMm`, 1 mm by default: 96 mm) leaves pixels beyond its 10 mm taper
        // inside the window.
        let synthetic = SyntheticPerfusion.make(rows: 112, columns: 112, dynamicFrames: 16, pdFrames: 2, seed: 21, maxTranslation: 3)
        let series = synthetic.series
        let lv = PixelPosition(row: synthetic.lvCentre.row, column: synthetic.lvCentre.column)
        XCTAssertEqual(models.stage3GridPixelMm, 1.0)
        let result = try models.correct(series, lvCentre: lv)
        let reg = result.registration
        XCTAssertEqual(reg.method, .deep)
        XCTAssertEqual([result.crop.rows, result.crop.columns], [100, 100])
        XCTAssertEqual(reg.referenceFrame, 2 + 16 - 11, "the seed's reference frame")
        XCTAssertEqual(reg.fields.count, series.frames)
        XCTAssertEqual(reg.affines.count, series.frames)
        XCTAssertEqual(Set(reg.stageSeconds.keys), ["stage1", "stage2", "stage3", "pd"])
        XCTAssertEqual([reg.corrected.frames, reg.corrected.rows, reg.corrected.columns], [series.frames, 112, 112])
        XCTAssertTrue(reg.corrected.pixels.allSatisfy(\.isFinite))
        for f in 0..<series.frames {
            XCTAssertTrue(reg.affines[f].theta.allSatisfy(\.isFinite), "frame \(f)")
            XCTAssertTrue(reg.fields[f].rowDisplacement.allSatisfy(\.isFinite) && reg.fields[f].columnDisplacement.allSatisfy(\.isFinite), "frame \(f)")
        }
        // PD frames: affine only (PDAlignment, no non-rigid refinement).
        for f in series.pdFrameIndices {
            XCTAssertEqual(reg.fields[f].rmsMagnitude(), reg.affines[f].displacementField(rows: 112, columns: 112).rmsMagnitude(), accuracy: 1e-4, "PD frame \(f)")
        }
        // Dynamic frames: the residual v = total − affine∘(x + v) vanishes more than 10 mm outside
        // the LocalNet grid, i.e. there the total field is the affine field (window corner pixels).
        let window = result.crop, centre = PixelPosition(row: lv.row - Double(window.row0), column: lv.column - Double(window.column0))
        let corner = [(0, 0), (0, 99), (99, 0), (99, 99)].filter { r, c in
            max(0, abs(Double(r) - centre.row) - 47.5 * 0.5) * 2 > 10 && max(0, abs(Double(c) - centre.column) - 47.5 * 0.5) * 2 > 10
        }
        // ... and is not zero everywhere inside it (the network ran on the 1 mm grid).
        XCTAssertTrue(series.dynamicFrameIndices.contains { f in
            let affine = reg.affines[f].displacementField(rows: 112, columns: 112)
            let i = Int(lv.row.rounded()) * 112 + Int(lv.column.rounded())
            return abs(reg.fields[f].rowDisplacement[i] - affine.rowDisplacement[i]) > 1e-3
        })
        XCTAssertFalse(corner.isEmpty)
        for f in series.dynamicFrameIndices where !reg.outliers.flaggedFrames.contains(f) {
            let affine = reg.affines[f].displacementField(rows: 112, columns: 112)
            for (r, c) in corner {
                let i = (window.row0 + r) * 112 + window.column0 + c
                XCTAssertEqual(reg.fields[f].rowDisplacement[i], affine.rowDisplacement[i], accuracy: 1e-4, "frame \(f) (\(r), \(c))")
                XCTAssertEqual(reg.fields[f].columnDisplacement[i], affine.columnDisplacement[i], accuracy: 1e-4, "frame \(f) (\(r), \(c))")
            }
        }
        // Resampled once: corrected = native frame warped with the total field.
        for f in [0, 5, series.frames - 1] {
            let expected = try reg.fields[f].warp(series.frame(f))
            XCTAssertLessThan(zip(expected.pixels, reg.corrected.frame(f).pixels).map { abs($0 - $1) }.max()!, 1e-5, "frame \(f)")
        }
        // Residual motion against the truth (the synthetic reference frame does not move): finite,
        // printed for the record; the accuracy figures come from MocoValidation.
        var before = 0.0, after = 0.0
        let dynamic = series.dynamicFrameIndices
        for f in dynamic {
            before += MotionQualityMetrics.residualMotionRMS(estimated: DisplacementField(rows: 112, columns: 112), truth: synthetic.trueFields[f], mask: synthetic.myocardium)
            after += MotionQualityMetrics.residualMotionRMS(estimated: reg.fields[f], truth: synthetic.trueFields[f], mask: synthetic.myocardium)
        }
        print(String(format: "deep MoCo (shipped weights) on a synthetic series: residual motion %.2f → %.2f px, %.2f s", before / Double(dynamic.count), after / Double(dynamic.count), result.seconds))
        XCTAssertTrue(after.isFinite)
    }

    func testMissingModelsAreNamedAndPointAtTheIterativeMethod() throws {
        let folder = try temporaryFolder()
        XCTAssertThrowsError(try DeepMotionCorrection.load(modelsDirectory: folder)) { error in
            let text = "\(error)"
            for file in ["affine1.h5", "affine2.h5", "nonrigid.h5"] { XCTAssertTrue(text.contains("\(folder)/\(file)"), text) }
            XCTAssertTrue(text.contains("--moco iterative"), text)
        }
        XCTAssertNil(DeepMotionCorrection.locateModels(in: folder, searchOtherFolders: false))
        XCTAssertEqual(DeepMotionCorrection.locateModels(in: RegistrationNetworkTests.modelsFolder, searchOtherFolders: false), RegistrationNetworkTests.modelsFolder)
    }

    func testAnInvalidOrMisplacedModelFileIsNamed() throws {
        let folder = try temporaryFolder()
        for name in DeepMotionCorrection.modelFiles {
            try FileManager.default.copyItem(atPath: "\(RegistrationNetworkTests.modelsFolder)/\(name)", toPath: "\(folder)/\(name)")
        }
        // The GlobalNet where the LocalNet belongs.
        try FileManager.default.removeItem(atPath: folder + "/nonrigid.h5")
        try FileManager.default.copyItem(atPath: "\(RegistrationNetworkTests.modelsFolder)/affine1.h5", toPath: folder + "/nonrigid.h5")
        XCTAssertThrowsError(try DeepMotionCorrection.load(modelsDirectory: folder)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(folder + "/nonrigid.h5") && text.contains("LocalNet") && text.contains("--moco iterative"), text)
        }
        // A truncated file.
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/affine2.h5"))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: folder + "/affine2.h5"))
        XCTAssertThrowsError(try DeepMotionCorrection.load(modelsDirectory: folder)) { error in
            XCTAssertTrue("\(error)".contains(folder + "/affine2.h5"), "\(error)")
        }
    }
}
