/// Where long-running stages report progress. Stages depend on this protocol only; the CLI
/// supplies a terminal progress bar, tests and libraries may pass `SilentProgress`.
public protocol ProgressSink: Sendable {
    /// `completed` of `total` units of `stage` are done.
    func update(stage: String, completed: Int, total: Int)
    /// The stage finished after `seconds` of wall time.
    func finish(stage: String, seconds: Double)
}

/// A progress sink that discards everything.
public struct SilentProgress: ProgressSink {
    public init() {}
    public func update(stage: String, completed: Int, total: Int) {}
    public func finish(stage: String, seconds: Double) {}
}
