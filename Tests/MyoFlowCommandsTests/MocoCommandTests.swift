import Foundation
import HDF5IO
import MotionCorrection
import MyoFlowCommands
import MyoFlowCore
import Phantom
import XCTest

/// `myoflow moco` on a small phantom study: the output contract of docs/formats.md
/// ("Motion correction output") and the accuracy of the written fields against the phantom's.
final class MocoCommandTests: XCTestCase {
    private func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("moco-cli-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    private func run(_ arguments: [String]) throws {
        var command = try MyoFlowCommand.parseAsRoot(arguments)
        try command.run()
    }

    func testDeepMethodNamesTheMissingModels() throws {
        let folder = try temporaryFolder()
        XCTAssertThrowsError(try run(["moco", folder + "/none.h5", "--out", folder, "--moco", "deep", "--model-dir", folder + "/Models", "--quiet"])) { error in
            let text = "\(error)"
            for file in [folder + "/Models/affine1.h5", folder + "/Models/affine2.h5", folder + "/Models/nonrigid.h5", "--moco iterative"] {
                XCTAssertTrue(text.contains(file), "error '\(text)' should name \(file)")
            }
        }
    }

    func testIterativeOutputContractOnPhantomStudy() throws {
        let folder = try temporaryFolder()
        var spec = PhantomCase.stressLAD.spec(seed: 77)
        spec.dynamicFrameCount = 24
        spec.pdFrameCount = 2
        let synthetic = try StudySynthesizer.synthesize(spec)
        _ = try StudyExport.write(synthetic, to: folder + "/study", format: .h5)
        try run(["moco", folder + "/study/study.h5", "--out", folder + "/out", "--moco", "iterative", "--quiet"])

        let moco = folder + "/out/moco"
        let study = synthetic.study
        let names = ["slice_1", "slice_2", "slice_3", "slice_aif"]
        let files = try FileManager.default.contentsOfDirectory(atPath: moco)
        XCTAssertEqual(Set(files), Set(names.flatMap { ["\($0).h5", "\($0)_corrected.nii.gz"] } + ["qa.csv"]), "no temporary files left")

        for (k, name) in names.enumerated() {
            let series = k < 3 ? study.slices[k] : study.aif!
            let truth = synthetic.truth.series[k]
            let file = try HDF5File(path: "\(moco)/\(name).h5", mode: .read)
            let (frames, rows, columns) = (series.frames, series.rows, series.columns)
            let n = rows * columns
            let displacement = try file.read("displacement", as: Float.self, shape: [frames, 2, rows, columns])
            let corrected = try file.read("corrected", as: Float.self, shape: [frames, rows, columns])
            let affine = try file.read("affine", as: Double.self, shape: [frames, 2, 3])
            let outlier = try file.read("outlier", as: UInt8.self, shape: [frames])
            let reference = try file.intAttribute("reference_frame")
            XCTAssertEqual(reference, series.dynamicFrameIndices[series.dynamicFrameIndices.count - 11], "\(name): seed's reference frame")
            XCTAssertTrue(outlier.allSatisfy { $0 <= 1 })
            // Stage 2 refines the reference frame against its PCA frame too: a small correction only.
            let referenceAffine = AffineTransform2D(theta: Array(affine[(6 * reference)..<(6 * reference + 6)]))
            XCTAssertLessThan(referenceAffine.displacementField(rows: rows, columns: columns).rmsMagnitude(), 0.6, "\(name): reference frame nearly unmoved")

            let fields = try (0..<frames).map { f in
                try DisplacementField(rows: rows, columns: columns, rowDisplacement: Array(displacement[(2 * f * n)..<((2 * f + 1) * n)]),
                                      columnDisplacement: Array(displacement[((2 * f + 1) * n)..<((2 * f + 2) * n)]))
            }
            // Convention: corrected[f](r, c) = original[f](r + u0, c + u1), resampled once from the native frame.
            for f in [series.pdFrameIndices[0], series.dynamicFrameIndices[5], frames - 1] {
                let expected = try fields[f].warp(series.frame(f))
                let maxDiff = zip(expected.pixels, corrected[(f * n)..<((f + 1) * n)]).map { abs($0 - $1) }.max()!
                XCTAssertLessThan(maxDiff, 1e-3, "\(name) frame \(f): corrected ≠ native warped with its displacement")
            }
            // Accuracy against the phantom: est_f ∘ u_ref should equal the true field u_f in the heart.
            var heart = truth.scene.labels.mask(.myocardium)
            if k == 3 { for (i, v) in truth.scene.labels.mask(.lvBlood).values.enumerated() where v { heart.values[i] = true } }
            let uRef = truth.correctionField(frame: reference)
            let mistriggered = Set(truth.mistriggeredFrames)
            var before = 0.0, after = 0.0
            let dynamic = series.dynamicFrameIndices.filter { !mistriggered.contains($0) }
            for f in dynamic {
                let trueField = truth.correctionField(frame: f)
                before += MotionQualityMetrics.residualMotionRMS(estimated: uRef, truth: trueField, mask: heart) / Double(dynamic.count)
                after += MotionQualityMetrics.residualMotionRMS(estimated: fields[f].followed(by: uRef), truth: trueField, mask: heart) / Double(dynamic.count)
            }
            XCTAssertGreaterThan(before, 0.8, "\(name): the phantom moves")
            XCTAssertLessThan(after, min(0.6, 0.5 * before), "\(name): residual motion \(before) → \(after) px")
        }

        let csv = try String(contentsOfFile: moco + "/qa.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(csv[0], ["series", "method", "tic_smoothness", "dice_around_peak", "pd_myocardial_sd", "outliers"])
        XCTAssertEqual(csv.dropFirst().map { "\($0[0]) \($0[1])" }, names.flatMap { ["\($0) none", "\($0) iterative"] })
        for row in csv.dropFirst() {
            XCTAssertEqual(row.count, 6)
            XCTAssertNotNil(Double(row[2]), "TIC smoothness is computed without a segmentation: \(row)")
            XCTAssertEqual(row[3], "", "no masks from the command: Dice empty")
            XCTAssertEqual(row[4], "", "no masks from the command: PD SD empty")
        }
        for k in 0..<3 {
            let none = Double(csv[1 + 2 * k][2])!, moco = Double(csv[2 + 2 * k][2])!
            XCTAssertLessThan(moco, none, "slice_\(k + 1): corrected TICs are smoother")
        }
    }

    /// The deep method through the command with the package's models (interim weights while
    /// training runs: the contract and the single resampling are checked, accuracy is printed;
    /// tools/bench MocoValidation measures it).
    func testDeepOutputContractOnPhantomStudy() throws {
        let folder = try temporaryFolder()
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Models").path
        var spec = PhantomCase.stressLAD.spec(seed: 78)
        spec.dynamicFrameCount = 24
        spec.pdFrameCount = 2
        let synthetic = try StudySynthesizer.synthesize(spec)
        _ = try StudyExport.write(synthetic, to: folder + "/study", format: .h5)
        try run(["moco", folder + "/study/study.h5", "--out", folder + "/out", "--moco", "deep", "--model-dir", models, "--quiet"])

        let moco = folder + "/out/moco"
        let names = ["slice_1", "slice_2", "slice_3", "slice_aif"]
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: moco)),
                       Set(names.flatMap { ["\($0).h5", "\($0)_corrected.nii.gz"] } + ["qa.csv"]))
        for (k, name) in names.enumerated() {
            let series = k < 3 ? synthetic.study.slices[k] : synthetic.study.aif!
            let file = try HDF5File(path: "\(moco)/\(name).h5", mode: .read)
            let (frames, rows, columns) = (series.frames, series.rows, series.columns)
            let n = rows * columns
            let displacement = try file.read("displacement", as: Float.self, shape: [frames, 2, rows, columns])
            let corrected = try file.read("corrected", as: Float.self, shape: [frames, rows, columns])
            XCTAssertTrue(displacement.allSatisfy(\.isFinite) && corrected.allSatisfy(\.isFinite), name)
            for f in [series.pdFrameIndices[0], series.dynamicFrameIndices[5], frames - 1] {
                let field = try DisplacementField(rows: rows, columns: columns, rowDisplacement: Array(displacement[(2 * f * n)..<((2 * f + 1) * n)]),
                                                  columnDisplacement: Array(displacement[((2 * f + 1) * n)..<((2 * f + 2) * n)]))
                let expected = try field.warp(series.frame(f))
                let maxDiff = zip(expected.pixels, corrected[(f * n)..<((f + 1) * n)]).map { abs($0 - $1) }.max()!
                XCTAssertLessThan(maxDiff, 1e-3, "\(name) frame \(f): corrected ≠ native warped once with its displacement")
            }
        }
        let csv = try String(contentsOfFile: moco + "/qa.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(csv.dropFirst().map { "\($0[0]) \($0[1])" }, names.flatMap { ["\($0) none", "\($0) deep"] })
    }
}
