import Foundation
import Phantom
import Pipeline
import XCTest

final class BatchRunnerTests: XCTestCase {
    func testShardsPartitionTheSortedStudies() throws {
        let root = NSTemporaryDirectory() + "myoflow-batch-\(UUID().uuidString.prefix(8))"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        for name in ["c", "a", "e", "b", "d", ".hidden"] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
        }
        try Data().write(to: URL(fileURLWithPath: root + "/file.txt"))
        XCTAssertEqual(try BatchRunner.studies(in: root), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(try BatchRunner.studies(in: root, shard: (0, 2)), ["a", "c", "e"])
        XCTAssertEqual(try BatchRunner.studies(in: root, shard: (1, 2)), ["b", "d"])
        XCTAssertThrowsError(try BatchRunner.studies(in: root + "/missing"))
    }
}

final class BatchRunnerResumeTests: XCTestCase {
    /// Two phantom studies on disk: the first batch analyses both (one through a bad folder fails
    /// cleanly), the second skips the finished ones; the summary lists every study.
    func testBatchIsResumableAndSummarises() throws {
        let root = NSTemporaryDirectory() + "myoflow-batch-root-\(UUID().uuidString.prefix(8))"
        let out = root + "-out"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root); try? FileManager.default.removeItem(atPath: out) }
        let synthetic = try StudySynthesizer.synthesize(PhantomRuns.staticSpec)
        _ = try StudyExport.write(synthetic, to: root + "/a-study", format: .h5)
        try FileManager.default.createDirectory(atPath: root + "/b-empty", withIntermediateDirectories: true)
        var options = AnalysisOptions(motionCorrection: .none)
        options.modelsDirectory = "/nonexistent-models"
        let finder = PhantomTruthAnatomyFinder(synthetic: synthetic)
        let first = try BatchRunner.run(root: root, out: out, jobs: 2, options: options, finder: finder)
        XCTAssertEqual(first.map(\.status), ["done", "failed"], first.map(\.message).joined(separator: " / "))
        XCTAssertFalse(first[1].message.isEmpty)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/a-study/segments.csv"))
        let second = try BatchRunner.run(root: root, out: out, options: options, finder: finder)
        XCTAssertEqual(second.map(\.status), ["skipped (finished)", "failed"])
        let summary = try String(contentsOfFile: out + "/summary.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(summary.count, 3)
        XCTAssertTrue(summary[0].hasPrefix("study,status,seconds,ischaemic_territories,hypoperfused_segments,mbf_seg1"))
        // The skipped study's segment values come from its finished result.
        let fields = summary[1].split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(Double(fields[5]) ?? 0, synthetic.truth.segmentMBF[0], accuracy: 0.15 * synthetic.truth.segmentMBF[0])
    }
}
