import Anatomy
import Foundation

/// MBF statistics of one AHA segment.
public struct SegmentStatistics: Sendable, Equatable {
    public let segment: AHASegment
    /// Mean, SD and median MBF over the segment's valid pixels, ml/min/g; nil when no pixel is valid.
    public let meanMlPerMinPerG: Double?
    public let sdMlPerMinPerG: Double?
    public let medianMlPerMinPerG: Double?
    /// The segment's MBF as reported (bull's-eye, hypoperfusion, comparisons): the median of its
    /// valid pixels. Pixels that still hold some blood after the fit-quality gates (residual
    /// motion, partial volume) fit a few times too high and pull the mean up; the median ignores
    /// them (per-segment MAE on the phantoms, e.g. hard case with iterative MoCo 12.4 → 3.3 %).
    public var valueMlPerMinPerG: Double? { medianMlPerMinPerG }
    /// Pixels with a valid (finite, accepted) MBF value.
    public let validPixels: Int
    /// Pixels of the segment whose fit was rejected (non-finite or flagged).
    public let rejectedPixels: Int
    /// Why the segment is missing or unreliable; empty when fine.
    public let flag: String

    /// Minimum number of valid pixels for a reliable segment value.
    public static let minimumPixels = 10
    /// Rejected fraction above which a segment is flagged unreliable.
    public static let maximumRejectedFraction = 0.3

    /// Statistics of `values` (MBF, ml/min/g; NaN marks a rejected pixel).
    public init(segment: AHASegment, values: [Double]) {
        self.segment = segment
        let valid = values.filter(\.isFinite).sorted()
        validPixels = valid.count
        rejectedPixels = values.count - valid.count
        if valid.isEmpty {
            meanMlPerMinPerG = nil; sdMlPerMinPerG = nil; medianMlPerMinPerG = nil
        } else {
            let mean = valid.reduce(0, +) / Double(valid.count)
            meanMlPerMinPerG = mean
            sdMlPerMinPerG = valid.count > 1
                ? (valid.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(valid.count - 1)).squareRoot() : 0
            let n = valid.count
            medianMlPerMinPerG = n % 2 == 1 ? valid[n / 2] : 0.5 * (valid[n / 2 - 1] + valid[n / 2])
        }
        var flags: [String] = []
        if values.isEmpty {
            flags.append("not covered by any slice")
        } else if valid.count < Self.minimumPixels {
            flags.append("only \(valid.count) valid pixels (< \(Self.minimumPixels))")
        }
        if !values.isEmpty, Double(rejectedPixels) / Double(values.count) > Self.maximumRejectedFraction {
            flags.append("\(rejectedPixels) of \(values.count) pixel fits rejected")
        }
        flag = flags.joined(separator: "; ")
    }

    /// Statistics for all 16 segments from per-slice segment label maps (1–16, 0 elsewhere) and
    /// MBF maps of the same grid (NaN = rejected).
    public static func compute(segmentLabels: [[UInt8]], mbfMaps: [[Double]]) -> [SegmentStatistics] {
        precondition(segmentLabels.count == mbfMaps.count, "one MBF map per label map")
        var values = [[Double]](repeating: [], count: 17)
        for (labels, map) in zip(segmentLabels, mbfMaps) {
            precondition(labels.count == map.count, "label map and MBF map on different grids")
            for (label, mbf) in zip(labels, map) where (1...16).contains(label) { values[Int(label)].append(mbf) }
        }
        return AHASegment.all.map { SegmentStatistics(segment: $0, values: values[$0.number]) }
    }
}
