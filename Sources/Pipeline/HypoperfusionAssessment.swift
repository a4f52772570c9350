import Anatomy
import Reporting

/// Flags hypoperfused segments and ischaemic territories relative to the patient's own remote
/// myocardium (no fixed MBF cut-off, so it holds at rest and stress and across field strengths).
///
/// Remote reference = the 75th percentile of the valid segment values (`valueMlPerMinPerG`, the
/// medians; at least 4 needed). A segment is hypoperfused when its value is below `fraction` × remote; a territory is
/// ischaemic when at least half of its segments with values (and at least 2) are hypoperfused.
public enum HypoperfusionAssessment {
    public struct Outcome: Sendable {
        public var remoteMBF: Double?
        public var hypoperfused: [Int]
        public var territories: [CoronaryTerritory]
    }

    public static func assess(_ segments: [SegmentStatistics], fraction: Double) -> Outcome {
        let values = segments.compactMap(\.valueMlPerMinPerG).sorted()
        guard values.count >= 4 else { return Outcome(remoteMBF: nil, hypoperfused: [], territories: []) }
        let position = 0.75 * Double(values.count - 1)
        let lo = Int(position.rounded(.down)), hi = min(values.count - 1, lo + 1)
        let remote = values[lo] + (values[hi] - values[lo]) * (position - Double(lo))
        let low = segments.filter { ($0.valueMlPerMinPerG ?? .infinity) < fraction * remote }.map(\.segment.number)
        var territories: [CoronaryTerritory] = []
        for territory in CoronaryTerritory.allCases {
            let members = segments.filter { $0.segment.territory == territory && $0.valueMlPerMinPerG != nil }
            let flagged = members.filter { low.contains($0.segment.number) }.count
            if flagged >= 2, 2 * flagged >= members.count { territories.append(territory) }
        }
        return Outcome(remoteMBF: remote, hypoperfused: low, territories: territories)
    }
}
