import ArgumentParser
import Logging
import Pipeline

/// Options every subcommand takes.
public struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log every decision and timing (debug level).")
    public var verbose = false

    @Flag(name: .shortAndLong, help: "Log errors only.")
    public var quiet = false

    public init() {}

    public func validate() throws {
        if verbose && quiet { throw ValidationError("--verbose and --quiet exclude each other") }
    }

    public var verbosity: Verbosity { quiet ? .quiet : (verbose ? .verbose : .normal) }

    public func logger(_ label: String) -> Logger { LoggingSetup.logger("myoflow.\(label)", verbosity: verbosity) }
}

/// How frames are aligned before quantification.
public enum MocoMethod: String, ExpressibleByArgument, CaseIterable, Sendable {
    case none, deep, iterative
    /// Deep once its weights meet the validated accuracy (`ModelAvailability.deepIsAutomaticDefault`)
    /// and its models load, else iterative.
    case auto
}
