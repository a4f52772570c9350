/// The record of automatic decisions and parameters that produced a result.
///
/// Configuration travels with the data: each stage appends what it decided and why, so a report
/// can show how every number was obtained.
public struct Provenance: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        /// The stage that made the decision ("ingest", "moco", ...).
        public var stage: String
        /// A short key for the decision ("aif-series", "pd-frames", ...).
        public var key: String
        /// The decision, human-readable.
        public var value: String
        /// Whether the user overrode the automatic choice.
        public var overridden: Bool

        public init(stage: String, key: String, value: String, overridden: Bool = false) {
            self.stage = stage
            self.key = key
            self.value = value
            self.overridden = overridden
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    public mutating func record(stage: String, key: String, value: String, overridden: Bool = false) {
        entries.append(Entry(stage: stage, key: key, value: value, overridden: overridden))
    }

    /// The latest value recorded for a key, if any.
    public func value(for key: String) -> String? {
        entries.last { $0.key == key }?.value
    }
}
