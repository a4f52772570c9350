import Dispatch
import MyoFlowCore

/// The 3-stage PCA-reference scheme (Scannell 2024; seed Schüler 2026, Fig. 1), generic over the
/// estimators of each stage so the deep (network) and iterative methods share it:
///
/// 1. affine: every dynamic frame → the reference frame (ten dynamics before the end);
/// 2. affine: every frame → its frame of a 3-component PCA reference of the stage-1 output;
/// 3. non-rigid: every frame → its frame of a 2-component PCA reference of the stage-2 output.
///
/// Transforms are composed (stage 2 refines the stage-1 affine, stage 3 adds a residual field on
/// top of it) and the native frames are resampled once at the end. Stages 2 and 3 keep a frame's
/// refinement only where it matches their reference better (`RefinementGate`). PD frames are aligned to the
/// corrected series' temporal mean (`PDAlignment`); residual outliers are detected after stage 2
/// against the stage-3 PCA reference.
public struct ThreeStageMotionCorrector<Stage1: AffineStageEstimator, Stage2: AffineStageEstimator, Stage3: NonRigidStageEstimator>: MotionCorrector {
    public let method: MotionCorrectionMethod
    public var configuration: MotionCorrectionConfiguration
    public var stage1: Stage1
    public var stage2: Stage2
    public var stage3: Stage3
    public var pdAlignment: PDAlignment

    public init(method: MotionCorrectionMethod, configuration: MotionCorrectionConfiguration,
                stage1: Stage1, stage2: Stage2, stage3: Stage3, pdAlignment: PDAlignment = PDAlignment()) {
        self.method = method
        self.configuration = configuration
        self.stage1 = stage1
        self.stage2 = stage2
        self.stage3 = stage3
        self.pdAlignment = pdAlignment
    }

    public func correct(_ series: ImageSeries, progress: any ProgressSink = SilentProgress()) throws -> SeriesRegistration {
        let name = series.displayName
        let dynamic = series.dynamicFrameIndices
        let needed = max(configuration.stage2Components, configuration.stage3Components) + 2
        guard dynamic.count >= needed else { throw MotionCorrectionError.tooFewFrames(series: name, needed: needed, got: dynamic.count) }
        for (label, mask) in [("region", configuration.region), ("PD region", configuration.pdRegion)] {
            if let mask, mask.rows != series.rows || mask.columns != series.columns {
                throw MotionCorrectionError.gridMismatch("\(label) mask \(mask.rows)×\(mask.columns), series '\(name)' \(series.rows)×\(series.columns)")
            }
        }
        for f in 0..<series.frames where !series.pixels[f * series.pixelsPerFrame..<(f + 1) * series.pixelsPerFrame].allSatisfy(\.isFinite) {
            throw MotionCorrectionError.nonFinite(series: name, frame: f)
        }
        let reference = try referenceFrame(of: series)
        let total = 3 + (configuration.alignPDFrames && !series.pdFrameIndices.isEmpty ? 1 : 0)
        var seconds: [String: Double] = [:]
        let native = (0..<series.frames).map { series.frame($0) }
        let region = configuration.region

        // Stage 1: every dynamic frame to the reference frame.
        var clock = DispatchTime.now()
        var affines = try stageOneAffines(native: native, dynamic: dynamic, reference: reference)
        seconds["stage1"] = elapsed(since: clock)
        progress.update(stage: "motion correction", completed: 1, total: total)

        // Stage 2: against a 3-component PCA reference of the stage-1 output.
        clock = DispatchTime.now()
        let stage1Output = try series.warping(frames: dynamic, with: affines)
        let reference2 = try TemporalPCA.reference(of: stage1Output, components: configuration.stage2Components, fittedFrames: dynamic, region: region)
        let stage2Result = try stage2.estimate(dynamic.map { AffinePair(fixed: reference2.frame($0), moving: native[$0], initial: affines[$0]) })
        let stage1Affines = affines, gate = configuration.gateRefinements
        let stage2Kept = try parallelMap(dynamic.count) { i -> AffineTransform2D in
            let f = dynamic[i]
            guard gate else { return stage2Result[i] }
            let kept = RefinementGate.keepsCandidate(try stage2Result[i].warp(native[f]), over: stage1Output.frame(f), reference: reference2.frame(f), region: region)
            return kept ? stage2Result[i] : stage1Affines[f]
        }
        for (f, a) in zip(dynamic, stage2Kept) { affines[f] = a }
        seconds["stage2"] = elapsed(since: clock)
        progress.update(stage: "motion correction", completed: 2, total: total)

        // Stage 3: non-rigid against a 2-component PCA reference of the stage-2 output.
        clock = DispatchTime.now()
        let stage2Output = try series.warping(frames: dynamic, with: affines)
        var (fields, outliers) = try nonRigidStage(series: series, stage2Output: stage2Output, native: native, affines: affines,
                                                   dynamic: dynamic, fitted: dynamic, region: region)
        var excluded: [Int] = []
        if configuration.excludeOutliers, !outliers.flaggedFrames.isEmpty {
            excluded = outliers.flaggedFrames
            let kept = dynamic.filter { !excluded.contains($0) }
            (fields, outliers) = try nonRigidStage(series: series, stage2Output: stage2Output, native: native, affines: affines,
                                                   dynamic: dynamic, fitted: kept, region: region)
        }
        var corrected = try apply(fields, to: series, frames: dynamic, base: series)
        seconds["stage3"] = elapsed(since: clock)
        progress.update(stage: "motion correction", completed: 3, total: total)

        // PD frames: to the corrected series' temporal mean, contrast-robust.
        if configuration.alignPDFrames, !series.pdFrameIndices.isEmpty {
            clock = DispatchTime.now()
            let flagged = Set(outliers.flaggedFrames)
            let kept = dynamic.filter { !flagged.contains($0) }
            let target = PDAlignment.target(of: corrected, frames: kept.isEmpty ? dynamic : kept)
            let aligner = pdAlignment, mask = configuration.pdRegion ?? region
            let pd = series.pdFrameIndices
            let initial = affines[dynamic[0]]
            let results = try parallelMap(pd.count) { i in try aligner.align(pd: native[pd[i]], target: target, initial: initial, mask: mask) }
            for (f, r) in zip(pd, results) { affines[f] = r.affine; fields[f] = r.field }
            corrected = try apply(fields, to: series, frames: pd, base: corrected)
            seconds["pd"] = elapsed(since: clock)
            progress.update(stage: "motion correction", completed: total, total: total)
        }
        progress.finish(stage: "motion correction", seconds: seconds.values.reduce(0, +))
        return SeriesRegistration(method: method, referenceFrame: reference, affines: affines, fields: fields, corrected: corrected,
                                  outliers: outliers, excludedFrames: excluded, stageSeconds: seconds)
    }

    /// The frame every dynamic frame is aligned to: `configuration.referenceFrame` (it must be a
    /// dynamic frame) or the default, ten dynamics before the end.
    public func referenceFrame(of series: ImageSeries) throws -> Int {
        guard let explicit = configuration.referenceFrame else {
            return MotionCorrectionConfiguration.defaultReferenceFrame(of: series, offsetFromEnd: configuration.referenceOffsetFromEnd)
        }
        guard series.dynamicFrameIndices.contains(explicit) else {
            let name = series.displayName
            throw MotionCorrectionError.invalidParameter(name: "referenceFrame", detail: "frame \(explicit) is not a dynamic frame of '\(name)'")
        }
        return explicit
    }

    /// Stage 1: the affine of every frame of a series (`native` its frames) after registering each
    /// dynamic frame to `reference`; identity for the reference and the PD frames.
    public func stageOneAffines(native: [Image2D], dynamic: [Int], reference: Int) throws -> [AffineTransform2D] {
        let movers = dynamic.filter { $0 != reference }
        let estimates = try stage1.estimate(movers.map { AffinePair(fixed: native[reference], moving: native[$0]) })
        var affines = [AffineTransform2D](repeating: .identity, count: native.count)
        for (f, a) in zip(movers, estimates) { affines[f] = a }
        return affines
    }

    /// Stage 3. Outliers are judged on the stage-2 (affine) output against the stage-3 reference
    /// fitted on `fitted` frames, before any non-rigid warp could absorb a shape change; flagged
    /// frames (mistriggers, through-plane motion, contrast phases the low-rank model misses) keep
    /// their affine when `nonRigidSkipsOutliers`: a non-rigid warp would chase the reference's errors.
    private func nonRigidStage(series: ImageSeries, stage2Output: ImageSeries, native: [Image2D], affines: [AffineTransform2D],
                               dynamic: [Int], fitted: [Int], region: Mask?) throws -> ([DisplacementField], OutlierReport) {
        let reference3 = try TemporalPCA.reference(of: stage2Output, components: configuration.stage3Components, fittedFrames: fitted, region: region)
        let report = OutlierDetection.report(corrected: stage2Output, reference: reference3, frames: dynamic, region: region,
                                             threshold: configuration.outlierThreshold)
        let flagged = Set(report.flaggedFrames)
        let refined = configuration.nonRigidSkipsOutliers ? dynamic.filter { !flagged.contains($0) } : dynamic
        let residuals = try stage3.estimate(refined.map { AffinePair(fixed: reference3.frame($0), moving: native[$0], initial: affines[$0]) })
        var fields = (0..<series.frames).map { affines[$0].displacementField(rows: series.rows, columns: series.columns) }
        let affineFields = fields
        let gate = configuration.gateRefinements
        let totals = try parallelMap(refined.count) { i -> DisplacementField in
            let f = refined[i]
            let total = affineFields[f].followed(by: residuals[i])
            guard gate else { return total }
            let kept = RefinementGate.keepsCandidate(try total.warp(native[f]), over: stage2Output.frame(f), reference: reference3.frame(f), region: region)
            return kept ? total : affineFields[f]
        }
        for (f, u) in zip(refined, totals) { fields[f] = u }
        return (fields, report)
    }
}

extension ImageSeries {
    /// The series with the listed frames warped by their affines (`affines` indexed by frame).
    public func warping(frames: [Int], with affines: [AffineTransform2D]) throws -> ImageSeries {
        let images = try parallelMap(frames.count) { i in try affines[frames[i]].warp(self.frame(frames[i])) }
        var out = self
        for (f, image) in zip(frames, images) { try out.setFrame(f, to: image) }
        return out
    }
}

/// `base` with the listed frames replaced by the native frames of `series` warped once with their fields.
func apply(_ fields: [DisplacementField], to series: ImageSeries, frames: [Int], base: ImageSeries) throws -> ImageSeries {
    let images = try parallelMap(frames.count) { i in try fields[frames[i]].warp(series.frame(frames[i])) }
    var out = base
    for (f, image) in zip(frames, images) { try out.setFrame(f, to: image) }
    return out
}

func elapsed(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}
