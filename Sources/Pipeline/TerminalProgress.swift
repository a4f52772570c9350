import Foundation
import MyoFlowCore

/// A one-line progress bar on standard error, drawn only when stderr is a terminal (off in
/// pipes, CI and log files), followed by a timing line per finished stage.
public final class TerminalProgress: ProgressSink, @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal: Bool
    private let showTimings: Bool
    private var lastDraw = Date.distantPast
    public private(set) var timings: [(stage: String, seconds: Double)] = []

    public init(showTimings: Bool = true) {
        isTerminal = isatty(STDERR_FILENO) == 1
        self.showTimings = showTimings
    }

    public func update(stage: String, completed: Int, total: Int) {
        guard isTerminal, total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard completed >= total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let width = 30
        let filled = min(width, width * completed / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(stage) [\(bar)] \(completed)/\(total)\u{1B}[K".utf8))
    }

    public func finish(stage: String, seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        timings.append((stage, seconds))
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if showTimings {
            FileHandle.standardError.write(Data(String(format: "%@: %.2f s\n", stage, seconds).utf8))
        }
    }
}
