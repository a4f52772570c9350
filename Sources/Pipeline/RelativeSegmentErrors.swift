import Reporting

extension AnalysisResult {
    /// |measured − true| / true of every segment with a value, against known segment MBF
    /// (`truth[n − 1]` for segment n, e.g. the phantom's): tests and benchmarks score the chain
    /// with it. `value`: the reported median by default.
    public func relativeErrors(truth: [Double], value: KeyPath<SegmentStatistics, Double?> = \.valueMlPerMinPerG) -> [Double] {
        segments.compactMap { s in s[keyPath: value].map { abs($0 - truth[s.segment.number - 1]) / truth[s.segment.number - 1] } }
    }
}
