import ArgumentParser
import Pipeline

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Analyse one study per subfolder of ROOT, resumably, with a summary CSV.",
        discussion: """
        --shard I/N processes every N-th study starting at I (0-based), so a cluster scheduler \
        (e.g. a Slurm job array with I = $SLURM_ARRAY_TASK_ID) can split a cohort across machines.
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

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard {
            let parts = shard.split(separator: "/").map { Int($0) }
            guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (0..<n).contains(i) else {
                throw ValidationError("--shard must be I/N with 0 ≤ I < N, got '\(shard)'")
            }
        }
    }

    func run() throws {
        try requireStages(ChainStage.allCases.filter { $0 != .phantom }, for: "batch")
    }
}
