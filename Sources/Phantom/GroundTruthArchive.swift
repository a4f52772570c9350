import Foundation
import Anatomy
import HDF5IO
import MyoFlowCore

/// Writes `ground_truth.h5` beside a synthetic study (layout: docs/formats.md, "Phantom ground truth").
public enum GroundTruthArchive {
    public static let formatName = "myoflow-phantom-ground-truth"
    public static let formatVersion = 1
    /// How the stored displacement fields are to be applied.
    public static let displacementConvention = """
        MONAI pull-back, pixels, channel 0 = rows, channel 1 = columns: warping frame f of the study \
        with displacement[f] (warped(r,c) = frame(r + u_r, c + u_c), bilinear, border) gives the \
        motion-free reference geometry, i.e. the geometry of labels, mbf and aha_segments.
        """
    public static let ahaConvention = """
        Atlas/aha-segments.md: angles about the LV centre from the anterior RV insertion point, \
        turning away from the RV; basal/mid six 60-degree sectors 1,6,5,4,3,2 (+6 for mid); \
        apical four 90-degree sectors centred at 30/120/210/300 degrees = 13,16,15,14. \
        Computed by Anatomy.AHAGeometry from lv_centre_rc and the two RV insertion points.
        """

    /// Writes the ground truth of `study` atomically to `path`.
    public static func write(_ study: SyntheticStudy, to path: String) throws {
        let t = study.truth
        try AtomicOutput.write(to: path) { temporary in
            let file = try HDF5File(path: temporary, mode: .truncate)
            try file.setAttribute("format", formatName)
            try file.setAttribute("format_version", formatVersion)
            try file.setAttribute("case", t.spec.name)
            try file.setAttribute("seed", String(t.spec.seed))
            try file.setAttribute("spec_json", String(decoding: try JSONEncoder().encode(t.spec), as: UTF8.self))
            try file.setAttribute("displacement_convention", displacementConvention)
            try file.setAttribute("aha_convention", ahaConvention)
            try file.setAttribute("ischaemic_territory", t.spec.ischaemicTerritory?.rawValue ?? "none")
            try file.setAttribute("kinetic_model", t.spec.kineticModel.rawValue)
            try file.setAttribute("readout_model", t.spec.fullReadoutTrain ? "full-train" : "centric")
            try file.setAttribute("fov_rotation_deg", t.spec.fovRotationDeg)

            let blood = try file.createGroup("blood")
            try blood.write("fine_times_s", values: t.fineTimesS, shape: [t.fineTimesS.count])
            try blood.write("lv_gd_mmol_per_l", values: t.lvBloodGd, shape: [t.lvBloodGd.count])
            try blood.write("rv_gd_mmol_per_l", values: t.rvBloodGd, shape: [t.rvBloodGd.count])
            for (name, a) in [("lv_gamma_variate", t.lvAIF), ("rv_gamma_variate", t.rvAIF)] {
                try blood.setAttribute(name, [a.peakMmolPerL, a.arrivalS, a.alpha, a.betaS, a.recirculationFraction,
                                              a.recirculationDelayS, a.dispersionS, a.plateauFraction])
            }
            try blood.setAttribute("gamma_variate_fields", "peak_mmol_per_l, arrival_s, alpha, beta_s, recirculation_fraction, recirculation_delay_s, dispersion_s, plateau_fraction")

            let seg = try file.createGroup("segments")
            let layers = PerfusionPattern.layerCount
            try seg.write("mbf_ml_per_min_per_g", values: t.segmentMBF, shape: [16])
            try seg.write("mbf_by_layer_ml_per_min_per_g", values: t.pattern.mbf.flatMap { $0 }, shape: [16, layers])
            try seg.write("fermi_shoulder_s", values: t.pattern.shoulderS, shape: [16])
            try seg.write("fermi_delay_s", values: t.pattern.delayS, shape: [16])
            try seg.write("fermi_washout_per_s", values: (1...16).flatMap { s in (0..<layers).map { t.pattern.fermi(segment: s, layer: $0).washoutPerS } }, shape: [16, layers])
            try seg.write("ischaemic", values: AHASegment.all.map { UInt8($0.territory == t.spec.ischaemicTerritory ? 1 : 0) }, shape: [16])

            let timeline = try file.createGroup("timeline")
            try timeline.write("r_wave_s", values: t.timeline.rWaveS, shape: [t.timeline.rWaveS.count])
            let mis = t.timeline.mistriggeredFrames.map { Int64($0) }
            try timeline.write("mistriggered_frames", values: mis, shape: [mis.count])

            let seriesGroup = try file.createGroup("series")
            for (k, s) in t.series.enumerated() {
                let g = try seriesGroup.createGroup(s.name)
                let grid = s.scene.grid
                let shape = [grid.rows, grid.columns]
                let frames = s.timesS.count
                try g.setAttribute("study_group", k < t.series.count - 1 ? "/slices/slice_\(k + 1)" : "/aif")
                try g.setAttribute("level", s.level.rawValue)
                try g.setAttribute("peak_lv_frame", s.peakLVFrame)
                try g.setAttribute("pixel_mm", grid.pixelMm)
                try g.setAttribute("lv_centre_rc", [s.scene.aha.lvCentre.row, s.scene.aha.lvCentre.column])
                try g.setAttribute("rv_insertion_anterior_rc", [s.scene.aha.anteriorRVInsertion.row, s.scene.aha.anteriorRVInsertion.column])
                try g.setAttribute("rv_insertion_inferior_rc", [s.scene.aha.inferiorRVInsertion.row, s.scene.aha.inferiorRVInsertion.column])
                try g.setAttribute("curve_names", s.scene.curveKeys.map(\.name).joined(separator: ","))
                try g.write("times_s", values: s.timesS, shape: [frames])
                try g.write("labels", values: s.scene.labels.labels, shape: shape, compress: true)
                try g.write("tissue", values: s.scene.tissue, shape: shape, compress: true)
                try g.write("aha_segments", values: s.scene.segments, shape: shape, compress: true)
                try g.write("mbf_ml_per_min_per_g", values: s.scene.mbf, shape: shape, compress: true)
                try g.write("curve_index", values: s.scene.curveIndex, shape: shape, compress: true)
                try g.write("curve_gd_mmol_per_l", values: s.curveGd.flatMap { $0 }, shape: [s.curveGd.count, frames])
                try g.write("native_t1_s_by_tissue", values: s.nativeT1ByTissue, shape: [s.nativeT1ByTissue.count])
                try g.write("lv_blood_gd_mmol_per_l", values: s.curveGd[s.scene.curveKeys.firstIndex(of: .lvBlood)!], shape: [frames])
                try g.write("displacement", values: s.correctionFields, shape: [frames, 2, grid.rows, grid.columns], compress: true)
                try g.write("frame_motion", values: s.frameMotion.flatMap { [$0.translationMm.dx, $0.translationMm.dy, $0.rotation, $0.scale, $0.nonRigidMm] },
                            shape: [frames, 5])
                try g.setAttribute("frame_motion_fields", "dx_mm (columns), dy_mm (rows), rotation_rad, scale, non_rigid_mm")
            }
            try file.flush()
        }
    }
}
