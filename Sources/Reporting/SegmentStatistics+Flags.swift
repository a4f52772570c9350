extension SegmentStatistics {
    /// The same statistics with `note` appended to the flag ("; "-separated).
    public func appendingFlag(_ note: String) -> SegmentStatistics {
        SegmentStatistics(copying: self, flag: flag.isEmpty ? note : flag + "; " + note)
    }

    private init(copying s: SegmentStatistics, flag: String) {
        segment = s.segment
        meanMlPerMinPerG = s.meanMlPerMinPerG
        sdMlPerMinPerG = s.sdMlPerMinPerG
        medianMlPerMinPerG = s.medianMlPerMinPerG
        validPixels = s.validPixels
        rejectedPixels = s.rejectedPixels
        self.flag = flag
    }
}
