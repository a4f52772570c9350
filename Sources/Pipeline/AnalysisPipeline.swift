import AIF
import Anatomy
import CoilCorrection
import Foundation
import Ingest
import Kinetics
import MotionCorrection
import MyoFlowCore
import Preprocessing
import Reporting

/// What to analyse: a path (DICOM folder, NIfTI, myoflow .h5) with ingest overrides, or a study
/// already in memory (tests, the demo).
public enum AnalysisInput: Sendable {
    case path(String, overrides: IngestOverrides)
    case study(PerfusionStudy)
}

/// The end-to-end chain: ingest → blood-pool location → motion correction → anatomy (injected
/// finder) → surface-coil correction → AIF → tissue Gd → pixel-wise and segment Fermi fits →
/// AHA segments. Holds no stage logic; every step calls its stage module.
public enum AnalysisPipeline {
    /// Software version recorded in reports and provenance.
    public static let softwareVersion = "0.1.0"

    /// Runs the chain. `finder` supplies the anatomy of each corrected slice (the product passes
    /// `defaultAnatomyFinder()`, tests may pass ground truth). Stage timings go to `progress`.
    public static func run(input: AnalysisInput, options: AnalysisOptions = AnalysisOptions(), finder: any SliceAnatomyFinder,
                           progress: any ProgressSink = SilentProgress()) throws -> AnalysisResult {
        let clock = StageClock(progress: progress)
        var warnings: [String] = []
        let (method, deep, mocoWarning) = try MotionCorrectionSelection.resolve(options.motionCorrection, modelsDirectory: options.modelsDirectory)
        if let mocoWarning { warnings.append(mocoWarning) }

        // Ingest.
        let study: PerfusionStudy = try clock.run("ingest") {
            switch input {
            case let .study(s): return s
            case let .path(path, overrides): return try Ingest.load(path: path, overrides: overrides, progress: progress).study
            }
        }
        guard !study.slices.isEmpty else { throw PipelineError.invalidArgument("the study has no high-res slice series") }
        var provenance = study.provenance
        let levels = try SliceLevels.levels(count: study.slices.count, given: options.sliceLevels)
        provenance.record(stage: "reporting", key: "slice levels",
                          value: levels.map(\.rawValue).joined(separator: ", ") + (options.sliceLevels == nil ? " (from the stack position)" : " (--levels)"),
                          overridden: options.sliceLevels != nil)
        if options.sliceLevels == nil, let note = SliceLevels.note(count: study.slices.count) { warnings.append(note) }
        let names = study.slices.map(\.displayName)

        // Blood pools: LV centre, peak frame and the MoCo crop of each slice.
        let pools: [BloodPools] = try clock.run("blood-pool location") {
            try study.slices.enumerated().map { i, series in
                progress.update(stage: "blood-pool location", completed: i, total: study.slices.count)
                do { return try BloodPoolLocator(lvCentre: options.lvCentre).locate(series) } catch {
                    throw PipelineError.stageFailed(stage: "blood-pool location", series: names[i], detail: "\(error)")
                }
            }
        }
        for (i, p) in pools.enumerated() { warnings += p.warnings.map { "\(names[i]): \($0)" } }

        // Motion correction.
        let (registrations, aifRegistration): ([SeriesRegistration], SeriesRegistration?) = try clock.run("motion correction (\(method.rawValue))") {
            var regs: [SeriesRegistration] = []
            for (i, series) in study.slices.enumerated() {
                progress.update(stage: "motion correction", completed: i, total: study.slices.count + 1)
                do {
                    regs.append(try MotionCorrectionSelection.register(series, method: method, lvCentre: pools[i].lvCentre,
                                                                       deep: deep, progress: progress))
                } catch {
                    throw PipelineError.stageFailed(stage: "motion correction", series: names[i], detail: "\(error)")
                }
            }
            let aifReg = try study.aif.map { aif in
                let (centre, note) = MotionCorrectionSelection.aifCentre(given: options.lvCentre, slices: study.slices, aif: aif, method: method)
                if let note { warnings.append(note) }
                do { return try MotionCorrectionSelection.register(aif, method: method, lvCentre: centre, deep: deep, progress: progress) } catch {
                    throw PipelineError.stageFailed(stage: "motion correction", series: "AIF", detail: "\(error)")
                }
            }
            return (regs, aifReg)
        }
        provenance.record(stage: "moco", key: "method", value: method.rawValue)
        for network in deep.map({ [$0.affine1, $0.affine2, $0.nonrigid] }) ?? [] {
            provenance.record(stage: "moco", key: "model", value: "\(network.name) sha256 \(network.sha256 ?? "-")")
        }
        if let deep {
            let trained = String(format: "%.1f mm", deep.nonrigid.gridPixelMm)
            provenance.record(stage: "moco", key: "non-rigid grid",
                              value: deep.stage3GridPixelMm.map { String(format: "%.1f mm (trained at %@)", $0, trained) } ?? trained)
        }

        // Anatomy in the corrected reference frame's geometry (the finder picks the frame it reads).
        let anatomies: [SliceAnatomy] = try clock.run("segmentation") {
            try registrations.enumerated().map { i, reg in
                progress.update(stage: "segmentation", completed: i, total: registrations.count)
                do {
                    return try method == .none ? finder.find(in: reg.corrected, referenceFrame: nil)
                        : finder.findAligned(in: reg.corrected, referenceFrame: reg.referenceFrame)
                } catch {
                    throw PipelineError.stageFailed(stage: "segmentation", series: names[i], detail: "\(error)")
                }
            }
        }
        for (i, a) in anatomies.enumerated() {
            warnings += a.warnings.map { "\(names[i]): \($0)" }
            if let w = WallThickness.warning(a.labels, pixelMm: study.slices[i].geometry.spacing.meanMm) { warnings.append("\(names[i]): \(w)") }
        }

        // Surface-coil correction with the aligned PD frames.
        let normalised: [ImageSeries] = try clock.run("surface-coil correction") {
            try registrations.enumerated().map { i, reg in
                do { return try SurfaceCoilCorrection.correct(series: reg.corrected, options: options.coilCorrection).series } catch {
                    throw PipelineError.stageFailed(stage: "surface-coil correction", series: names[i], detail: "\(error)")
                }
            }
        }

        // AIF.
        let (aif, aifSource): (AIFExtractionResult, String) = try clock.run("AIF") {
            if let aifRegistration {
                do { return (try AIFExtraction.extract(from: aifRegistration.corrected, study: study.parameters, options: options.aif), "AIF series") } catch {
                    throw PipelineError.stageFailed(stage: "AIF", series: "AIF", detail: "\(error)")
                }
            }
            do {
                return (try AIFExtraction.extractFromHighRes(basal: registrations[0].corrected, study: study.parameters, options: options.aif),
                        "high-res basal blood pool (fallback)")
            } catch {
                throw PipelineError.stageFailed(stage: "AIF", series: names[0], detail: "\(error)")
            }
        }
        warnings += aif.warnings
        provenance.record(stage: "aif", key: "source", value: aifSource)
        for d in aif.decisions { provenance.record(stage: "aif", key: "decision", value: d) }

        // Tissue Gd.
        let gd: [TissueConcentration.Result] = try clock.run("tissue Gd") {
            try normalised.enumerated().map { i, series in
                try TissueConcentration.convert(normalised: series, fieldStrengthT: study.parameters.fieldStrengthT, arrivalS: aif.features.footS,
                                                mask: anatomies[i].labels.mask(.myocardium))
            }
        }
        if let model = gd.first?.model { provenance.record(stage: "kinetics", key: "tissue signal model", value: model.rawValue) }

        // AHA segments and transmural halves.
        let segmentation: [(segments: [UInt8], layers: [UInt8], warnings: [String])] = try clock.run("AHA segments") {
            try anatomies.enumerated().map { i, a in
                let myo = a.labels.mask(.myocardium)
                guard let rvi = a.rvInsertions else {
                    throw PipelineError.stageFailed(stage: "AHA segments", series: names[i], detail: "no RV insertion points: segments cannot be assigned")
                }
                let geometry = AHAGeometry(lvCentre: a.lvCentre, anteriorRVInsertion: rvi.anterior, inferiorRVInsertion: rvi.inferior)
                let layers = TransmuralLayers.labels(myocardium: myo, lvCentre: a.lvCentre, spacing: study.slices[i].geometry.spacing)
                return (geometry.segmentLabels(of: myo, level: levels[i]), layers, rvi.warnings)
            }
        }
        for (i, s) in segmentation.enumerated() { warnings += s.warnings.map { "\(names[i]): \($0)" } }

        // Fermi fits: pixel-wise on the myocardium, and segment-mean curves.
        let fermi = options.fermi
        // The myocardial core (border pixels excluded) of each slice: segment curves and statistics.
        let erosionSteps = study.slices.map { options.borderMargin.steps(for: $0.geometry.spacing) }
        provenance.record(stage: "reporting", key: "statistics core",
                          value: "myocardium eroded by \(options.borderMargin): \(erosionSteps.map(String.init).joined(separator: ", ")) step(s) per slice, fewer on walls too thin for them")
        let cores = anatomies.indices.map { MyocardialCore.mask(anatomies[$0].labels.mask(.myocardium), pixels: erosionSteps[$0]) }
        let fits: [(maps: PixelwiseFermiMaps?, segments: [SegmentFitResult])] = try clock.run("Fermi fits") {
            try gd.enumerated().map { i, g in
                progress.update(stage: "Fermi fits", completed: i, total: gd.count)
                let myo = anatomies[i].labels.mask(.myocardium)
                let maps = options.pixelwiseFits && myo.count > 0
                    ? try PixelwiseFermiFit.fit(tissueGd: g.gd.gd, aif: aif.curve, mask: myo, options: fermi) : nil
                let core = cores[i]
                let present = Set(segmentation[i].segments.filter { $0 > 0 }).sorted()
                let masks = present.map { n in
                    (name: String(n), mask: Mask(rows: myo.rows, columns: myo.columns,
                                                 values: segmentation[i].segments.indices.map { segmentation[i].segments[$0] == n && core.values[$0] }))
                }
                let segmentFits = masks.isEmpty ? [] : try SegmentFit.fit(tissueGd: g.gd.gd, segments: masks, aif: aif.curve, options: fermi)
                return (maps, segmentFits)
            }
        }

        // Statistics and flags.
        var sliceResults: [SliceAnalysis] = []
        for i in study.slices.indices {
            let a = anatomies[i], reg = registrations[i]
            let myo = a.labels.mask(.myocardium)
            // Statistics over the myocardial core (border pixels excluded); maps keep every fit.
            let core = cores[i]
            var accepted = [Float](repeating: .nan, count: myo.values.count)
            var statisticsSegments = segmentation[i].segments
            if let maps = fits[i].maps {
                for p in accepted.indices where myo.values[p] && maps.converged[p] { accepted[p] = maps.mbfMlPerMinPerG[p] }
            }
            for p in statisticsSegments.indices where !core.values[p] { statisticsSegments[p] = 0 }
            let centre = (row: a.lvCentre.row, column: a.lvCentre.column)
            let pdFrame = reg.corrected.pdFrameIndices.first.map { reg.corrected.frame($0) }
            var sliceWarnings: [String] = []
            if gd[i].clampedInMask > 0 { sliceWarnings.append("\(gd[i].clampedInMask) myocardial samples clamped by the signal inversion") }
            sliceResults.append(SliceAnalysis(
                index: i, level: levels[i], seriesDescription: names[i], geometry: study.slices[i].geometry,
                rows: study.slices[i].rows, columns: study.slices[i].columns, anatomy: a,
                referenceImage: reg.corrected.frame(min(max(0, a.referenceFrame), reg.corrected.frames - 1)), motionMethod: reg.method,
                referenceFrame: reg.referenceFrame, outlierFrames: reg.outliers.flaggedFrames,
                ticSmoothnessRaw: MotionQualityMetrics.ticSmoothness(study.slices[i], lvCentre: centre, myocardium: myo),
                ticSmoothnessCorrected: MotionQualityMetrics.ticSmoothness(reg.corrected, lvCentre: centre, myocardium: myo),
                pdMyocardialSD: pdFrame.flatMap { MotionQualityMetrics.pdMyocardialSD(pd: $0, myocardium: myo) },
                gdTimesSeconds: gd[i].gd.gd.timesSeconds, maps: fits[i].maps, acceptedMBF: accepted,
                segmentLabels: segmentation[i].segments, statisticsSegmentLabels: statisticsSegments, layerLabels: segmentation[i].layers, segmentFits: fits[i].segments,
                clampedSamples: gd[i].clampedInMask, warnings: sliceWarnings))
        }
        var segments = SegmentStatistics.compute(segmentLabels: sliceResults.map(\.statisticsSegmentLabels),
                                                 mbfMaps: sliceResults.map { $0.acceptedMBF.map(Double.init) })
        let outcome = HypoperfusionAssessment.assess(segments, fraction: options.hypoperfusionFraction)
        if let remote = outcome.remoteMBF {
            segments = segments.map { s in
                guard outcome.hypoperfused.contains(s.segment.number), let m = s.valueMlPerMinPerG else { return s }
                return s.appendingFlag(String(format: "reduced MBF (%.0f%% of remote %.2f)", 100 * m / remote, remote))
            }
        }
        for t in outcome.territories {
            warnings.append("reduced MBF in the \(t.rawValue) territory (segments \(outcome.hypoperfused.filter { AHASegment.number($0)?.territory == t }.map(String.init).joined(separator: ", ")))")
        }
        let layers = layerStatistics(sliceResults)
        provenance.record(stage: "reporting", key: "hypoperfusion", value: "segment median < \(options.hypoperfusionFraction) × remote (75th percentile of segment medians)")
        return AnalysisResult(
            studyInstanceUID: study.studyInstanceUID, identifiers: options.keepIdentifiers ? study.identifiers : nil,
            stressState: study.parameters.stressState, motionMethod: method, slices: sliceResults, aif: aif, aifSource: aifSource,
            segments: segments, layers: layers, hypoperfusedSegments: outcome.hypoperfused, ischaemicTerritories: outcome.territories,
            remoteMBF: outcome.remoteMBF, warnings: warnings + sliceResults.flatMap { s in s.warnings.map { "\(s.seriesDescription): \($0)" } },
            provenance: provenance, timings: clock.timings, options: options)
    }

    /// Endocardial and epicardial statistics of every segment.
    static func layerStatistics(_ slices: [SliceAnalysis]) -> [LayerStatistics] {
        var out: [LayerStatistics] = []
        for (code, name) in [(TransmuralLayers.endocardium, "endo"), (TransmuralLayers.epicardium, "epi")] {
            let labels = slices.map { s in zip(s.statisticsSegmentLabels, s.layerLabels).map { $1 == code ? $0 : 0 } }
            let stats = SegmentStatistics.compute(segmentLabels: labels, mbfMaps: slices.map { $0.acceptedMBF.map(Double.init) })
            out += stats.map { LayerStatistics(layer: name, statistics: $0) }
        }
        return out.sorted { ($0.statistics.segment.number, $0.layer) < ($1.statistics.segment.number, $1.layer) }
    }
}
