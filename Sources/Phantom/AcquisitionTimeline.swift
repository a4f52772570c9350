import Foundation

/// When every frame of every series is acquired: one frame per heartbeat per series, PD frames
/// first, with true, jittered RR intervals (physics-and-acquisition.md §1, §6 mistriggering).
///
/// Within a beat the AIF slice is read right after the R-wave, then the high-res slices one after
/// the other; a frame's time is its k-space centre (saturation pulse + TS). Times are seconds from
/// the first acquisition of the study.
public struct AcquisitionTimeline: Sendable, Equatable {
    /// R-wave times of the beats used, s (relative to the first acquisition).
    public var rWaveS: [Double]
    /// Frame times per high-res slice, [slice][frame].
    public var sliceTimesS: [[Double]]
    /// Frame times of the AIF series.
    public var aifTimesS: [Double]
    /// Dynamic frames acquired in the wrong cardiac phase (indices over all frames, PD included).
    public var mistriggeredFrames: [Int]
    /// Time of the first dynamic (saturation-recovery) frame of the AIF series, s.
    public var firstDynamicS: Double { aifTimesS[pdFrameCount] }
    public var pdFrameCount: Int

    public static func make(spec: PhantomSpec, sliceCount: Int, using g: inout SeededGenerator) -> AcquisitionTimeline {
        let frames = spec.pdFrameCount + spec.dynamicFrameCount
        let rr0 = 60 / spec.heartRateBpm
        var mistriggers: [Int] = []
        var rr: [Double] = []
        let rsaPeriod = g.uniform(3.5, 5), rsaPhase = g.uniform(0, 2 * .pi)
        var t = 0.0
        for f in 0..<frames {
            // Respiratory sinus arrhythmia + random jitter; a mistriggered beat is early or late.
            var r = rr0 * (1 + 0.02 * sin(2 * .pi * t / rsaPeriod + rsaPhase) + spec.rrJitterFraction * max(-2.5, min(2.5, g.normal())))
            // Always draw, so the mistrigger setting does not shift the other random choices.
            let u = g.unit(), early = g.chance(0.5), factor = early ? g.uniform(0.55, 0.75) : g.uniform(1.3, 1.7)
            if f >= spec.pdFrameCount, u < spec.motion.mistriggerFraction {
                mistriggers.append(f)
                r *= factor
            }
            r = max(0.3, r)
            rr.append(r)
            t += r
        }
        var rWave: [Double] = [0]
        for r in rr.dropLast() { rWave.append(rWave.last! + r) }
        let aifTS = spec.aif.saturationTimeMs / 1000, imgTS = spec.imaging.saturationTimeMs / 1000
        let aifBlock = 0.02 + aifTS + Double(spec.aif.linesToCentre) * spec.aif.repetitionTimeMs / 1000
        // Each high-res slot: saturation + TS + the rest of the readout (~2·linesToCentre lines).
        let slot = min(imgTS + Double(2 * spec.imaging.linesToCentre) * spec.imaging.repetitionTimeMs / 1000,
                       max(0.12, (rr0 * 0.95 - aifBlock) / Double(max(1, sliceCount))))
        let start = 0.02 + aifTS  // the first acquisition: AIF frame 0
        let aif = rWave.map { $0 + 0.02 + aifTS - start }
        let slices = (0..<sliceCount).map { s in rWave.map { $0 + aifBlock + Double(s) * slot + imgTS - start } }
        return AcquisitionTimeline(rWaveS: rWave.map { $0 - start }, sliceTimesS: slices, aifTimesS: aif,
                                   mistriggeredFrames: mistriggers, pdFrameCount: spec.pdFrameCount)
    }
}
