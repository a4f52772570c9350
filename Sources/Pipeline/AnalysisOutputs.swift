import Anatomy
import Foundation
import HDF5IO
import Ingest
import Kinetics
import MyoFlowCore
import Reporting

/// Writes an analysis folder atomically (temporary folder, then rename): segments.csv,
/// segments_endo_epi.csv, maps/ (NIfTI per slice and parameter, and maps.h5), aif.csv,
/// curves.csv, report.html and provenance.json. An existing folder is replaced only when it
/// is a previous myoflow result (has provenance.json) and only once the new one is complete.
public enum AnalysisOutputs {
    public static let files = ["segments.csv", "segments_endo_epi.csv", "aif.csv", "curves.csv", "report.html", "provenance.json", "maps/maps.h5"]

    /// Refuses an existing non-empty folder that is not a myoflow result.
    public static func checkDestination(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw PipelineError.output(path: path, detail: "exists and is not a folder") }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if !contents.isEmpty && !contents.contains("provenance.json") {
            throw PipelineError.output(path: path, detail: "exists, is not empty and is not a previous myoflow result; choose another --out")
        }
    }

    /// Writes everything; `extra` may add files to the temporary folder before the rename.
    public static func write(_ result: AnalysisResult, run: RunRecord, to path: String,
                             extra: ((String) throws -> Void)? = nil) throws {
        try checkDestination(path)
        let start = DispatchTime.now().uptimeNanoseconds
        try AtomicOutput.write(to: path) { tmp in
            let fm = FileManager.default
            try fm.createDirectory(atPath: tmp + "/maps", withIntermediateDirectories: true)
            try text(SegmentsCSV.render(result.segments), tmp + "/segments.csv")
            try text(endoEpiCSV(result.layers), tmp + "/segments_endo_epi.csv")
            try text(aifCSV(result), tmp + "/aif.csv")
            try text(curvesCSV(result), tmp + "/curves.csv")
            try writeMaps(result, to: tmp + "/maps")
            var timed = result
            timed.timings.append(("outputs", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            try text(try ReportBuilder.html(timed, run: run), tmp + "/report.html")
            try extra?(tmp)
            try provenanceJSON(timed, run: run).write(to: URL(fileURLWithPath: tmp + "/provenance.json"))
        }
    }

    static func text(_ s: String, _ path: String) throws { try Data(s.utf8).write(to: URL(fileURLWithPath: path)) }

    static func endoEpiCSV(_ rows: [LayerStatistics]) -> String {
        var lines = ["segment,name,layer,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag"]
        for r in rows {
            let s = r.statistics
            lines.append([String(s.segment.number), CSVField.quote(s.segment.name), r.layer, s.segment.territory.rawValue,
                          CSVField.number(s.meanMlPerMinPerG), CSVField.number(s.sdMlPerMinPerG), CSVField.number(s.medianMlPerMinPerG),
                          String(s.validPixels), CSVField.quote(s.flag)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// time_s, normalised signal (PD-normalised blood-pool mean), blood Gd (mmol/L).
    static func aifCSV(_ result: AnalysisResult) -> String {
        var lines = ["time_s,signal,blood_gd_mmol_l"]
        let c = result.aif.curve
        for i in c.timesSeconds.indices {
            let signal = i < result.aif.normalisedSignal.count ? result.aif.normalisedSignal[i] : .nan
            lines.append("\(CSVField.number(c.timesSeconds[i], digits: 3)),\(CSVField.number(signal, digits: 5)),\(CSVField.number(c.gdMmolPerL[i], digits: 4))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Long format: segment, slice, time_s, mean tissue Gd, and the segment-mean fit's MBF.
    static func curvesCSV(_ result: AnalysisResult) -> String {
        var lines = ["segment,slice,level,time_s,tissue_gd_mmol_l,fit_mbf_ml_min_g,fit_r2,fit_converged"]
        for s in result.slices {
            for fit in s.segmentFits {
                for (k, t) in s.gdTimesSeconds.enumerated() where k < fit.meanCurveGd.count {
                    lines.append([fit.name, String(s.index + 1), s.level.rawValue, CSVField.number(t, digits: 3),
                                  CSVField.number(fit.meanCurveGd[k], digits: 5), CSVField.number(fit.fit.mbfMlPerMinPerG),
                                  CSVField.number(fit.fit.rSquared, digits: 4), String(fit.fit.converged)].joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Per-slice maps in native geometry: NIfTI files and one HDF5 file with a group per slice.
    static func writeMaps(_ result: AnalysisResult, to folder: String) throws {
        let file = try HDF5File(path: folder + "/maps.h5", mode: .truncate)
        try file.setAttribute("units_mbf", "ml/min/g")
        for s in result.slices {
            let n = s.rows * s.columns
            var maps: [(String, [Float])] = [("mbf", s.acceptedMBF)]
            if let m = s.maps {
                func param(_ f: (FermiParametersView) -> Double) -> [Float] {
                    (0..<n).map { p in m.results[p].map { Float(f(FermiParametersView($0.parameters))) } ?? .nan }
                }
                maps.append(("mbf_all_fits", m.mbfMlPerMinPerG))
                maps.append(("fermi_amplitude_per_s", param(\.amplitude)))
                maps.append(("fermi_shoulder_s", param(\.shoulder)))
                maps.append(("fermi_washout_per_s", param(\.washout)))
                maps.append(("fermi_delay_s", param(\.delay)))
                maps.append(("fit_r2", m.rSquared))
                maps.append(("fit_converged", (0..<n).map { m.results[$0] == nil ? .nan : (m.converged[$0] ? 1 : 0) }))
            }
            let group = try file.createGroup("slice\(s.index + 1)_\(s.level.rawValue)")
            try group.setAttribute("series_description", s.seriesDescription)
            for (name, values) in maps {
                try MapExport.writeNIfTI(values, rows: s.rows, columns: s.columns, geometry: s.geometry,
                                         to: "\(folder)/slice\(s.index + 1)_\(name).nii.gz")
                try MapExport.writeHDF5(values, rows: s.rows, columns: s.columns, geometry: s.geometry, name: name, in: group)
            }
            let segments = try LabelMap(rows: s.rows, columns: s.columns, labels: s.segmentLabels)
            let layers = try LabelMap(rows: s.rows, columns: s.columns, labels: s.layerLabels)
            for (name, labels) in [("labels", s.anatomy.labels), ("aha_segments", segments), ("endo_epi", layers)] {
                try MapExport.writeNIfTI(labels, geometry: s.geometry, to: "\(folder)/slice\(s.index + 1)_\(name).nii.gz")
                try MapExport.writeHDF5(labels, geometry: s.geometry, name: name, in: group)
            }
        }
        try file.flush()
    }

    struct Provenance: Codable {
        struct Timing: Codable { var stage: String; var seconds: Double }
        struct Segment: Codable { var segment: Int; var mbfMean: Double?; var mbfMedian: Double?; var flag: String }
        var software: String
        var version: String
        var command: String
        var finder: String
        var models: [RunRecord.ModelFile]
        var motionCorrection: String
        var aifSource: String
        var fermiGridStepS: Double
        var hypoperfusionFraction: Double
        var remoteMBF: Double?
        var hypoperfusedSegments: [Int]
        var ischaemicTerritories: [String]
        var segments: [Segment]
        var warnings: [String]
        var decisions: [MyoFlowCore.Provenance.Entry]
        var timings: [Timing]
    }

    static func provenanceJSON(_ r: AnalysisResult, run: RunRecord) throws -> Data {
        let p = Provenance(software: "MyoFlow", version: AnalysisPipeline.softwareVersion, command: run.command, finder: run.finder,
                           models: run.models, motionCorrection: r.motionMethod.rawValue, aifSource: r.aifSource,
                           fermiGridStepS: r.options.fermi.gridStepS, hypoperfusionFraction: r.options.hypoperfusionFraction,
                           remoteMBF: r.remoteMBF, hypoperfusedSegments: r.hypoperfusedSegments,
                           ischaemicTerritories: r.ischaemicTerritories.map(\.rawValue),
                           segments: r.segments.map { .init(segment: $0.segment.number, mbfMean: $0.meanMlPerMinPerG, mbfMedian: $0.medianMlPerMinPerG, flag: $0.flag) },
                           warnings: r.warnings, decisions: r.provenance.entries,
                           timings: r.timings.map { .init(stage: $0.stage, seconds: $0.seconds) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(p)
    }
}

/// Named access to the four Fermi parameters for map export.
struct FermiParametersView {
    var amplitude: Double, shoulder: Double, washout: Double, delay: Double
    init(_ p: Kinetics.FermiParameters) { amplitude = p.amplitudePerS; shoulder = p.shoulderS; washout = p.washoutPerS; delay = p.delayS }
}
