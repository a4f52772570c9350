import Foundation
import MyoFlowCore
import Phantom
import Pipeline
import XCTest

final class AnalysisOutputsTests: XCTestCase {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "myoflow-outputs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testReportIsSelfContainedAndEscapesHeaderStrings() throws {
        let hostile = "<script>alert('x')</script> & \"Doe\""
        var (_, result) = try PhantomRuns.shared.run("static", spec: PhantomRuns.staticSpec, moco: .none)
        // As ingest hands them over with --keep-identifiers: raw strings from the DICOM header.
        result.identifiers = PatientIdentifiers(patientName: hostile, patientID: "<img src=x onerror=alert(1)>", studyDate: "20261121")
        let out = try temporaryFolder() + "/result"
        try AnalysisOutputs.write(result, run: RunRecord(finderName: "ground truth (test)", modelsDirectory: "/nonexistent", command: "test"), to: out)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        XCTAssertFalse(html.lowercased().contains("<script"), "unescaped script tag")
        XCTAssertFalse(html.contains("<img src=x"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Doe&quot;"))
        // No network references: the only URL allowed is the SVG namespace name (never fetched).
        let stripped = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for needle in ["http:", "https:", "//cdn", "@import", "<link", "<script", "url(//", "ftp:"] {
            XCTAssertFalse(stripped.lowercased().contains(needle), "report refers to the network: \(needle)")
        }
        // Bull's-eye (16 segments), one map per slice, curves, QA and timings.
        XCTAssertEqual(html.components(separatedBy: "class=\"segment\"").count - 1, 16)
        XCTAssertEqual(html.components(separatedBy: "data:image/png;base64,").count - 1, result.slices.count)
        XCTAssertTrue(html.contains("Arterial input function"))
        XCTAssertTrue(html.contains("Quality assurance") && html.contains("Timings"))

        let segments = try String(contentsOfFile: out + "/segments.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(segments.first, "segment,name,level,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag")
        XCTAssertEqual(segments.count, 17)
        let endoEpi = try String(contentsOfFile: out + "/segments_endo_epi.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(endoEpi.count, 33)
        for file in ["aif.csv", "curves.csv", "provenance.json", "maps/maps.h5", "maps/slice1_mbf.nii.gz", "maps/slice3_aha_segments.nii.gz"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + file), file)
        }
        // aif.csv rows = AIF dynamic frames, blood Gd peaks above 1 mmol/L.
        let aif = try String(contentsOfFile: out + "/aif.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(aif.count, result.aif.curve.timesSeconds.count)
        XCTAssertGreaterThan(aif.compactMap { Double($0.split(separator: ",")[2]) }.max() ?? 0, 1)
        let provenance = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/provenance.json"))) as? [String: Any]
        XCTAssertEqual(provenance?["motionCorrection"] as? String, "none")
        XCTAssertNotNil(provenance?["timings"])
    }

    /// The report renders offline in headless Chromium (tools/screenshot-report disables the
    /// network); skipped where no Chromium is installed.
    func testReportRendersInHeadlessChromium() throws {
        let browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        try XCTSkipUnless(browsers.contains { FileManager.default.isExecutableFile(atPath: $0) }, "no Chromium installed")
        let (_, result) = try PhantomRuns.shared.run("static", spec: PhantomRuns.staticSpec, moco: .none)
        let folder = try temporaryFolder()
        try AnalysisOutputs.write(result, run: RunRecord(finderName: "test", modelsDirectory: "/nonexistent", command: "test"), to: folder + "/r")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../tools/screenshot-report").standardizedFileURL.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, folder + "/r/report.html", folder + "/shot.png", "1280", "1600"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/shot.png"))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertGreaterThan(png.count, 20_000, "a blank page would compress to a few kB")
    }

    func testExistingForeignFolderIsNeverOverwritten() throws {
        let (_, result) = try PhantomRuns.shared.run("static", spec: PhantomRuns.staticSpec, moco: .none)
        let out = try temporaryFolder() + "/precious"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        let run = RunRecord(finderName: "test", modelsDirectory: "/nonexistent", command: "test")
        XCTAssertThrowsError(try AnalysisOutputs.write(result, run: run, to: out)) { error in
            XCTAssertTrue(String(describing: error).contains("not a previous myoflow result"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), ["notes.txt"])
        // A previous result is replaced whole.
        let previous = try temporaryFolder() + "/previous"
        try AnalysisOutputs.write(result, run: run, to: previous)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: previous + "/stale.txt"))
        try AnalysisOutputs.write(result, run: run, to: previous)
        XCTAssertFalse(FileManager.default.fileExists(atPath: previous + "/stale.txt"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: previous + "/report.html"))
    }
}
