import Anatomy
import ArgumentParser

/// `--levels basal,mid,...`: the AHA level of each high-res slice, base → apex (`analyze`,
/// `compare`). Automatic levels come from a slice's place in the stack (`Pipeline.SliceLevels`),
/// which is exact for the usual three slices but a guess for one or two (a single apical slice
/// would be read as mid).
public struct SliceLevelsOption: ParsableArguments {
    @Option(name: .customLong("levels"),
            help: ArgumentHelp("AHA level of each high-res slice, base → apex (basal, mid, apical), when the automatic assignment from the stack position is wrong, e.g. for one or two slices.",
                               valueName: "level,..."))
    public var text: String?

    public init() {}

    public func validate() throws { _ = try levels() }

    /// The parsed levels; nil when not given.
    public func levels() throws -> [SliceLevel]? {
        guard let text else { return nil }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let levels = names.compactMap(SliceLevel.init(rawValue:))
        guard !names.isEmpty, levels.count == names.count else {
            throw ValidationError("--levels needs comma-separated basal, mid or apical (one per high-res slice, base → apex), got '\(text)'")
        }
        return levels
    }
}
