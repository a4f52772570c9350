import Foundation
import Logging

/// Verbosity chosen on the command line.
public enum Verbosity: Sendable {
    case quiet, normal, verbose

    var level: Logger.Level {
        switch self {
        case .quiet: return .error
        case .normal: return .notice
        case .verbose: return .debug
        }
    }
}

/// Structured logging to standard error. Patient identifiers are never passed to a logger.
public enum LoggingSetup {
    private static let bootstrapped = BootstrapOnce()

    /// Configures swift-log once per process; later calls only change the level of new loggers.
    public static func logger(_ label: String, verbosity: Verbosity) -> Logger {
        bootstrapped.run { LoggingSystem.bootstrap(StreamLogHandler.standardError) }
        var logger = Logger(label: label)
        logger.logLevel = verbosity.level
        return logger
    }
}

private final class BootstrapOnce: @unchecked Sendable {
    private var done = false
    private let lock = NSLock()
    func run(_ body: () -> Void) {
        lock.lock(); defer { lock.unlock() }
        guard !done else { return }
        done = true
        body()
    }
}
