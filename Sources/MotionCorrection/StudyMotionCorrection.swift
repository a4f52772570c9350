import MyoFlowCore

/// Motion correction of a whole study: every high-res slice and the AIF series, each aligned to
/// its own reference frame (slices and the AIF series are acquired at different points of each
/// heartbeat and never share a reference).
public struct StudyRegistration: Sendable {
    /// One result per `study.slices` entry, same order (base → apex).
    public var slices: [SeriesRegistration]
    /// The AIF series' result, nil when the study has none.
    public var aif: SeriesRegistration?
}

public enum StudyMotionCorrection {
    /// Corrects every series of `study` with `corrector`. `corrector(forSlice:)` may return a
    /// differently configured corrector per series (e.g. with that slice's heart-crop region);
    /// index −1 is the AIF series.
    /// - Throws: the first failing series' error (`MotionCorrectionError` messages name the series).
    public static func correct(_ study: PerfusionStudy, progress: any ProgressSink = SilentProgress(),
                               corrector: (Int) -> any MotionCorrector) throws -> StudyRegistration {
        var slices: [SeriesRegistration] = []
        for (index, series) in study.slices.enumerated() {
            slices.append(try corrector(index).correct(series, progress: progress))
        }
        let aif = try study.aif.map { try corrector(-1).correct($0, progress: progress) }
        return StudyRegistration(slices: slices, aif: aif)
    }
}
