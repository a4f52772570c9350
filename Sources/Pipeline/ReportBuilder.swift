import Anatomy
import Foundation
import MyoFlowCore
import Reporting

/// Assembles `report.html` from an analysis: header, bull's-eye, map overlays, AIF and segment
/// curves with fits, QA, methods and provenance. Strings from input files are passed raw;
/// `HTMLReport` escapes them.
public enum ReportBuilder {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"]

    public static func html(_ result: AnalysisResult, run: RunRecord, title: String = "MyoFlow perfusion report") throws -> String {
        var report = HTMLReport(title: title)
        if let id = result.identifiers {
            report.header.append(("Patient name", id.patientName))
            report.header.append(("Patient ID", id.patientID))
            report.header.append(("Study date", id.studyDate))
            report.header.append(("Study UID", result.studyInstanceUID))
        }
        report.header.append(("Condition", result.stressState ?? "unknown"))
        report.header.append(("Slices", result.slices.map { "\($0.level.rawValue) (\($0.seriesDescription))" }.joined(separator: ", ")))
        report.header.append(("Motion correction", result.motionMethod.rawValue))
        report.header.append(("AIF", result.aifSource))
        if !result.ischaemicTerritories.isEmpty {
            report.header.append(("Finding", "reduced MBF in the " + result.ischaemicTerritories.map(\.rawValue).joined(separator: ", ") + " territory"))
        }

        // Bull's-eye and table.
        let reported = result.segments.compactMap(\.valueMlPerMinPerG)
        let colourMap = ColourMap(minimum: 0, maximum: max(4, ((reported.max() ?? 0) * 2).rounded(.up) / 2))
        report.segments = result.segments
        var values: [Int: Double?] = [:]
        for s in result.segments { values[s.segment.number] = s.valueMlPerMinPerG }
        report.bullseyeSVG = BullseyePlot(colourMap: colourMap).svg(values: values, flagged: Set(result.hypoperfusedSegments))

        // Maps.
        for s in result.slices {
            report.figures.append(.init(caption: "\(s.level.rawValue): \(s.seriesDescription), MBF ml/min/g",
                                        pngData: try MapOverlay.png(background: s.referenceImage, mbf: s.acceptedMBF, colourMap: colourMap)))
        }
        let bar = BullseyePlot(colourMap: colourMap)
        report.figuresColourBarSVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"110\" height=\"320\" role=\"img\" aria-label=\"MBF colour bar\">" +
            bar.colourBar(x: 4, y: 24, height: 280) + "</svg>"

        // Curves.
        let aif = result.aif.curve
        report.charts.append(LineChart(title: "Arterial input function (blood Gd)", xLabel: "time (s)", yLabel: "Gd (mmol/L)",
                                       series: [.init(name: "AIF", x: aif.timesSeconds, y: aif.gdMmolPerL, colour: "#000", markers: true)]).svg())
        for level in SliceLevel.allCases {
            var series: [LineChart.Series] = []
            for s in result.slices where s.level == level {
                for (k, fit) in s.segmentFits.enumerated() {
                    let colour = palette[k % palette.count]
                    series.append(.init(name: "seg \(fit.name)", x: s.gdTimesSeconds, y: fit.meanCurveGd, colour: colour, markers: true))
                    if fit.fit.converged {
                        let fitted = FittedCurve.evaluate(fit.fit.parameters, aif: aif)
                        // Only over the fitted window (AIF foot − 2 s to the valley): beyond it the
                        // model was never constrained by data.
                        let from = result.aif.features.footS - result.options.fermi.preFootS
                        let to = result.aif.features.valleyS + result.options.fermi.postValleyS
                        let keep = fitted.times.indices.filter { fitted.times[$0] >= from && fitted.times[$0] <= to }
                        series.append(.init(name: "fit \(fit.name)", x: keep.map { fitted.times[$0] }, y: keep.map { fitted.gd[$0] }, colour: colour, dashed: true))
                    }
                }
            }
            if !series.isEmpty {
                report.charts.append(LineChart(title: "\(level.rawValue.capitalized) segments: mean tissue Gd and Fermi fits (fit window)",
                                               xLabel: "time (s)", yLabel: "Gd (mmol/L)", series: series).svg())
            }
        }

        // QA.
        report.warnings = result.warnings
        for s in result.slices {
            let fitted = s.maps?.fittedCount ?? 0, flagged = s.maps?.flaggedCount ?? 0
            report.qa.append(("\(s.level.rawValue) MoCo", "\(s.motionMethod.rawValue), reference frame \(s.referenceFrame), outlier frames \(s.outlierFrames.isEmpty ? "none" : s.outlierFrames.map(String.init).joined(separator: " "))"))
            report.qa.append(("\(s.level.rawValue) TIC smoothness (raw → corrected)", "\(fmt(s.ticSmoothnessRaw)) → \(fmt(s.ticSmoothnessCorrected))"))
            report.qa.append(("\(s.level.rawValue) PD alignment (myocardial SD of normalised PD)", fmt(s.pdMyocardialSD)))
            report.qa.append(("\(s.level.rawValue) pixel fits", "\(fitted) fitted, \(flagged) rejected"))
        }
        report.qa.append(("AIF peak", String(format: "%.2f mmol/L at %.1f s (foot %.1f s)", result.aif.features.peakMmolPerL, result.aif.features.peakS, result.aif.features.footS)))
        if let remote = result.remoteMBF { report.qa.append(("Remote MBF (75th percentile of segments)", String(format: "%.2f ml/min/g", remote))) }

        // Methods and provenance.
        report.methods = [
            "Chain: ingest → blood-pool location → motion correction (\(result.motionMethod.rawValue), 3-stage PCA-reference scheme) → anatomy (\(run.finder)) → surface-coil correction by PD normalisation → AIF (\(result.aifSource)) → tissue Gd (saturation-recovery inversion, baseline subtracted) → Fermi-constrained deconvolution per pixel and per segment-mean curve → AHA 16-segment model (Cerqueira 2002) from the LV centre and the anterior RV insertion point.",
            "MBF = R(τd)·60/ρ with ρ = 1.05 g/ml; segment statistics over the myocardial core's pixels whose fits converged and passed the quality gates (F below its bound; no poor fit far above the curve's noise); a segment's MBF (bull's-eye) is the median of its pixels; a segment is flagged hypoperfused below \(Int(result.options.hypoperfusionFraction * 100))% of the remote reference.",
            "MyoFlow \(AnalysisPipeline.softwareVersion); \(run.models.isEmpty ? "no trained model files used" : "models: " + run.models.map { "\($0.file) SHA-256 \($0.sha256)" }.joined(separator: "; "))",
        ]
        report.provenance = result.provenance.entries.map { ($0.stage, $0.key, $0.value + ($0.overridden ? " (overridden)" : "")) }
        report.timings = result.timings.map { ($0.stage, $0.seconds) }
        return report.render()
    }

    static func fmt(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "n/a" }
}
