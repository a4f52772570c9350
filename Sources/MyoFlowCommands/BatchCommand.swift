import ArgumentParser
import Pipeline

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Analyse one study per subfolder of ROOT, resumably, with a summary CSV.",
        discussion: """
        Each study goes to OUT/<subfolder>; studies already finished (OUT/<subfolder>/provenance.json) are \
        skipped, so an interrupted batch resumes. --shard I/N processes every N-th study starting at I \
        (0-based), so a cluster scheduler (e.g. a Slurm job array with I = $SLURM_ARRAY_TASK_ID) can split \
        a cohort across machines; each shard writes OUT/summary-shard-I-of-N.csv, a whole run OUT/summary.csv.
        """
    )

    @Argument(help: "Folder with one study per subfolder.")
    var root: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String

    @Option(help: "Studies analysed at once.")
    var jobs: Int = 1

    @Option(help: "Process shard I of N (format I/N, 0 ≤ I < N).")
    var shard: String?

    @Option(help: "Motion correction: none, deep, iterative or auto (default auto: iterative while the deep weights miss their validated accuracy; deep once they do and its models load).")
    var moco: MocoMethod?

    @OptionGroup var borderErosion: BorderErosionOption

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        _ = try parsedShard()
    }

    private func parsedShard() throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (0..<n).contains(i) else {
            throw ValidationError("--shard must be I/N with 0 ≤ I < N, got '\(shard)'")
        }
        return (i, n)
    }

    func run() throws {
        let log = global.logger("batch")
        var options = AnalysisOptions(motionCorrection: moco.map(\.choice) ?? .automatic)
        options.keepIdentifiers = ingest.keepIdentifiers
        options.borderMargin = borderErosion.margin
        try AnalysisPipeline.checkMotionCorrection(options)
        let finder = try AnalysisPipeline.defaultAnatomyFinder(modelsDirectory: options.modelsDirectory)
        let entries = try BatchRunner.run(root: root, out: out, jobs: jobs, shard: try parsedShard(), overrides: try ingest.overrides(),
                                          options: options, finder: finder, progress: TerminalProgress(showTimings: false))
        for e in entries where e.status == "failed" { log.error("\(e.study): \(e.message)") }
        log.notice("\(entries.filter { $0.status == "done" }.count) analysed, \(entries.filter { $0.status.hasPrefix("skipped") }.count) skipped, \(entries.filter { $0.status == "failed" }.count) failed; summary in \(out)")
    }
}
