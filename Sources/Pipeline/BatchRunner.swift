import Dispatch
import Foundation
import Ingest
import MyoFlowCore
import Preprocessing
import Reporting

/// `myoflow batch`: one study per subfolder of ROOT, each analysed into OUT/<name>. Resumable:
/// a study whose OUT/<name>/provenance.json exists is skipped (outputs are written atomically,
/// so that file exists only for finished studies). `--shard I/N` takes every N-th study from I.
public enum BatchRunner {
    public struct Entry: Sendable {
        public var study: String
        public var status: String  // "done", "skipped (finished)", "failed"
        public var seconds: Double
        public var message: String
    }

    /// Sorted subfolder names of `root`, restricted to the shard.
    public static func studies(in root: String, shard: (index: Int, count: Int)? = nil) throws -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: root) else {
            throw PipelineError.invalidArgument("cannot list '\(root)': not a readable folder")
        }
        let folders = names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && fm.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
        guard let shard else { return folders }
        return folders.enumerated().filter { $0.offset % shard.count == shard.index }.map(\.element)
    }

    public static func run(root: String, out: String, jobs: Int = 1, shard: (index: Int, count: Int)? = nil,
                           overrides: IngestOverrides = IngestOverrides(), options: AnalysisOptions = AnalysisOptions(),
                           finder: any SliceAnatomyFinder, progress: any ProgressSink = SilentProgress()) throws -> [Entry] {
        let names = try studies(in: root, shard: shard)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let collected = Collector(count: names.count)
        let workers = max(1, min(jobs, names.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: names.count, by: workers) {
                let name = names[i], dest = out + "/" + name
                let start = DispatchTime.now().uptimeNanoseconds
                var entry: Entry
                if FileManager.default.fileExists(atPath: dest + "/provenance.json") {
                    entry = Entry(study: name, status: "skipped (finished)", seconds: 0, message: "")
                } else {
                    do {
                        let result = try AnalysisPipeline.run(input: .path(inputPath(root + "/" + name), overrides: overrides), options: options,
                                                              finder: finder, progress: SilentProgress())
                        try AnalysisOutputs.write(result, run: RunRecord(finder: finder, modelsDirectory: options.modelsDirectory,
                                                                         command: "myoflow batch"), to: dest)
                        entry = Entry(study: name, status: "done", seconds: seconds(since: start), message: "")
                    } catch {
                        entry = Entry(study: name, status: "failed", seconds: seconds(since: start), message: "\(error)")
                    }
                }
                let done = collected.store(entry, at: i)
                progress.update(stage: "batch", completed: done, total: names.count)
            }
        }
        let list = collected.entries.compactMap { $0 }
        let summaryName = shard.map { "summary-shard-\($0.index)-of-\($0.count).csv" } ?? "summary.csv"
        try AtomicOutput.write(to: out + "/" + summaryName) { tmp in
            try AnalysisOutputs.text(summaryCSV(list, out: out), tmp)
        }
        return list
    }

    /// A study folder holding a myoflow `study.h5` (e.g. from `myoflow phantom`) is read from that
    /// file; any other folder is read as DICOM (searched recursively) or NIfTI.
    public static func inputPath(_ folder: String) -> String {
        let h5 = folder + "/study.h5"
        return FileManager.default.fileExists(atPath: h5) ? h5 : folder
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// study, status, seconds, ischaemic territories, hypoperfused segments, MBF of segments 1–16 (the
    /// reported value, the segment median), message.
    static func summaryCSV(_ entries: [Entry], out: String) -> String {
        var lines = ["study,status,seconds,ischaemic_territories,hypoperfused_segments," + (1...16).map { "mbf_seg\($0)" }.joined(separator: ",") + ",message"]
        for e in entries {
            var territories = "", hypo = "", mbf = [String](repeating: "", count: 16)
            if let data = FileManager.default.contents(atPath: out + "/" + e.study + "/provenance.json"),
               let p = try? JSONDecoder().decode(AnalysisOutputs.Provenance.self, from: data) {
                territories = p.ischaemicTerritories.joined(separator: " ")
                hypo = p.hypoperfusedSegments.map(String.init).joined(separator: " ")
                for s in p.segments where (1...16).contains(s.segment) { mbf[s.segment - 1] = CSVField.number(s.mbfMedian) }
            }
            lines.append([CSVField.quote(e.study), e.status, CSVField.number(e.seconds, digits: 1), territories, hypo]
                         .joined(separator: ",") + "," + mbf.joined(separator: ",") + "," + CSVField.quote(e.message))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Results of concurrent batch workers, guarded by a lock.
private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var entries: [BatchRunner.Entry?]
    private var done = 0
    init(count: Int) { entries = Array(repeating: nil, count: count) }
    /// Stores an entry; returns how many are done.
    func store(_ entry: BatchRunner.Entry, at i: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        entries[i] = entry
        done += 1
        return done
    }
}
