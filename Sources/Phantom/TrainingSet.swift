import Foundation
import Anatomy
import HDF5IO
import MyoFlowCore
import Physics

/// Randomised training data for the networks (domain randomisation): each record is a fixed /
/// moving frame pair of one random synthetic slice with its ground truth. Layout in
/// docs/formats.md ("Training set"). Records are generated in parallel batches and appended to
/// HDF5 as they are made, so memory stays bounded whatever the count.
public enum TrainingSet {
    public static let formatName = "myoflow-phantom-training-set"
    public static let formatVersion = 1
    /// Records generated (in parallel) per HDF5 append.
    public static let batchSize = 32

    /// One generated record.
    public struct Record: Sendable {
        public var fixed: [Float]
        public var moving: [Float]
        /// The moving frame's contrast in the fixed (reference) geometry, noise-free: the ideal
        /// PCA / low-rank reference for registering `moving`.
        public var pcaReference: [Float]
        /// [2, H, W] correction field (pixels): warping `moving` with it gives the fixed geometry.
        public var displacement: [Float]
        /// The fixed / moving frames without contrast change (pre-contrast saturation-recovery
        /// baseline, noise-free) in their own geometries: stand-ins for RPCA low-rank images.
        public var fixedStatic: [Float]
        public var movingStatic: [Float]
        public var labelsFixed: [UInt8]
        public var labelsMoving: [UInt8]
        public var segmentsFixed: [UInt8]
        public var mbfFixed: [Float]
        /// (row, column) of the LV centre, anterior RVI, inferior RVI in the fixed / moving frames.
        public var landmarksFixed: [Float]
        public var landmarksMoving: [Float]
        /// pixel_mm, fixed_time_s, moving_time_s, moving_is_pd, moving_mistriggered, level (0–2),
        /// fov_rotation_rad, noise_sigma.
        public var meta: [Float]
        /// dx_mm, dy_mm, rotation_rad, scale, non_rigid_mm of the moving frame.
        public var motion: [Float]
    }

    public static let metaFields = "pixel_mm, fixed_time_s, moving_time_s, moving_is_pd, moving_mistriggered, level(0=basal,1=mid,2=apical), fov_rotation_rad, noise_sigma"

    /// Generates record `index` of the set with `seed` on a size × size matrix (deterministic).
    public static func record(index: Int, seed: UInt64, size: Int) -> Record {
        var g = SeededGenerator(seed: seed).derived(UInt64(index))
        // Random acquisition and physiology.
        let stress = g.chance(0.7)
        var spec = PhantomSpec(name: "training", seed: g.next(), stressState: stress ? "stress" : "rest",
                               heartRateBpm: stress ? g.uniform(75, 120) : g.uniform(50, 85),
                               normalMBF: stress ? g.uniform(2.0, 4.0) : g.uniform(0.6, 1.2))
        spec.ischaemicTerritory = g.chance(0.5) ? CoronaryTerritory.allCases[g.integer(0...2)] : nil
        spec.ischaemicEndoMBF = g.uniform(0.4, 1.2)
        spec.ischaemicEpiMBF = spec.ischaemicEndoMBF + g.uniform(0.2, 1.0)
        spec.doseMmolPerKg = g.uniform(0.04, 0.1)
        spec.fieldStrengthT = g.chance(0.6) ? 3 : 1.5
        spec.dynamicFrameCount = g.integer(45...70)
        spec.pdFrameCount = g.integer(1...3)
        spec.imaging.saturationTimeMs = g.uniform(70, 150)
        spec.imaging.flipAngleDeg = g.uniform(10, 20)
        spec.imaging.pdFlipAngleDeg = g.uniform(4, 8)
        spec.fullReadoutTrain = g.chance(0.3)
        let level = SliceLevel.allCases[g.integer(0...2)]
        let anatomy = StudyAnatomy.random(using: &g, coilBias: g.chance(0.85), textureScale: g.uniform(0.3, 2.5))
        let pixelMm = g.uniform(1.4, 2.8)
        let fov = Double(size) * pixelMm
        let rotation = g.chance(0.1) ? g.uniform(-.pi, .pi) : g.uniform(-0.5, 0.5)
        let heart = anatomy.lvCentres[level]!
        let grid = SliceGrid(rows: size, columns: size, pixelMm: pixelMm,
                             offsetMm: (heart.x + g.uniform(-0.2, 0.2) * fov, heart.y + g.uniform(-0.2, 0.2) * fov), rotation: rotation)
        let relaxation = RelaxationConstants(fieldStrengthT: spec.fieldStrengthT)!
        let timeline = AcquisitionTimeline.make(spec: spec, sliceCount: 1, using: &g)
        let times = timeline.sliceTimesS[0]
        let pattern = PerfusionPattern.random(spec: spec, dt: 0.25, using: &g)
        var kinetics = ContrastKinetics(spec: spec, firstDynamicS: timeline.firstDynamicS, durationS: times.last! + 1, pattern: pattern,
                                        dtS: 0.25, using: &g)
        let scene = SliceScene.render(anatomy: anatomy, level: level, grid: grid, pattern: pattern)
        let mistriggered = g.chance(0.05)
        let movingScene = mistriggered ? SliceScene.render(anatomy: anatomy, level: level, grid: grid, pattern: pattern, systolic: true) : scene
        kinetics.prepare(scene.curveKeys + movingScene.curveKeys)
        let signal = SignalModel(series: spec.imaging, fullReadoutTrain: spec.fullReadoutTrain, relaxation: relaxation)
        // Frames: fixed anywhere in the dynamics; moving a PD frame 10% of the time.
        let fixedFrame = g.integer(spec.pdFrameCount...(times.count - 1))
        let movingFrame = g.chance(0.1) ? g.integer(0...(spec.pdFrameCount - 1)) : g.integer(spec.pdFrameCount...(times.count - 1))
        let scale = Float(g.uniform(0.3, 3) * SignalModel.scale)
        let psf = GaussianBlur.kernel(sigma: g.uniform(0, 1))
        func image(_ s: SliceScene, frame: Int, baseline: Bool = false) -> [Float] {
            let pd = frame < spec.pdFrameCount
            let gd = s.curveKeys.map { baseline ? 0 : kinetics.interpolate(kinetics.curveValues($0), at: [times[frame]])[0] }
            var out = [Float](repeating: 0, count: size * size)
            for i in out.indices {
                let t1 = signal.nativeT1S(PhantomTissue(rawValue: s.tissue[i])!)
                out[i] = scale * s.amplitude[i] * Float(signal.relativeSignal(pd: pd, nativeT1S: t1, gdMmolPerL: gd[Int(s.curveIndex[i])]))
            }
            if psf.count > 1 { out.withUnsafeMutableBufferPointer { GaussianBlur.apply($0, rows: size, columns: size, kernel: psf) } }
            return out
        }
        let fixedClean = image(scene, frame: fixedFrame)
        let movingReference = image(movingScene, frame: movingFrame)
        let fixedStatic = image(scene, frame: spec.pdFrameCount, baseline: true)
        let movingStaticReference = image(movingScene, frame: spec.pdFrameCount, baseline: true)
        // Random motion of the moving frame.
        var settings = MotionSettings.moderate
        settings.irregularity = 0
        let imageCentre = grid.imageMm(row: grid.pixel(ofAnatomy: heart).row, column: grid.pixel(ofAnatomy: heart).column)
        let model = MotionModel(settings: settings, durationS: 1, heartCentreMm: imageCentre, using: &g)
        let amp = g.uniform(0, 1.5)
        let m = MotionModel.FrameMotion(translationMm: (amp * g.normal(0, 5), amp * g.normal(0, 7)), rotation: amp * g.normal(0, 0.05),
                                        scale: 1 + amp * g.normal(0, 0.03), nonRigidMm: amp * g.uniform(0, 3))
        let (u, v) = model.fields(m, grid: grid, centre: imageCentre)
        func moved(_ reference: [Float]) -> [Float] {
            var out = reference
            reference.withUnsafeBufferPointer { ref in
                for r in 0..<size {
                    for c in 0..<size {
                        let i = r * size + c
                        out[i] = Bilinear.sample(ref, rows: size, columns: size, row: Double(r) + Double(v.rowDisplacement[i]),
                                                 column: Double(c) + Double(v.columnDisplacement[i]))
                    }
                }
            }
            return out
        }
        let moving = moved(movingReference)
        // Noise: complex Gaussian → magnitude, σ from a random CNR.
        let gdMyo = kinetics.curveValues(.papillary).max() ?? 0
        let contrast = signal.relativeSignal(pd: false, nativeT1S: relaxation.t1MyocardiumS, gdMmolPerL: gdMyo)
            - signal.relativeSignal(pd: false, nativeT1S: relaxation.t1MyocardiumS, gdMmolPerL: 0)
        let sigma = Float(Double(scale) * contrast / g.uniform(8, 60))
        func noisy(_ x: [Float], _ gen: inout SeededGenerator) -> [Float] {
            var n = [Float](repeating: 0, count: 2 * x.count)
            n.withUnsafeMutableBufferPointer { gen.fillNormal($0, sd: sigma) }
            return x.indices.map { i in let re = x[i] + n[2 * i], im = n[2 * i + 1]; return (re * re + im * im).squareRoot() }
        }
        var ng = g.derived(5)
        let fixed = noisy(fixedClean, &ng), movingNoisy = noisy(moving, &ng)
        let labelsMoving = (try? v.warp(movingScene.labels).labels) ?? movingScene.labels.labels
        func landmarks(_ a: AHAGeometry) -> [(Double, Double)] {
            [(a.lvCentre.row, a.lvCentre.column), (a.anteriorRVInsertion.row, a.anteriorRVInsertion.column),
             (a.inferiorRVInsertion.row, a.inferiorRVInsertion.column)]
        }
        let fixedMarks = landmarks(scene.aha)
        // A reference point p moves to p + u(p) (u evaluated exactly, in mm).
        let movingMarks = landmarks(movingScene.aha).map { p -> (Double, Double) in
            let mm = grid.imageMm(row: p.0, column: p.1)
            let d = model.displacementMm(m, x: mm.x, y: mm.y, centre: imageCentre)
            return (p.0 + d.dy / pixelMm, p.1 + d.dx / pixelMm)
        }
        return Record(fixed: fixed, moving: movingNoisy, pcaReference: movingReference,
                      displacement: u.rowDisplacement + u.columnDisplacement, fixedStatic: fixedStatic,
                      movingStatic: moved(movingStaticReference), labelsFixed: scene.labels.labels, labelsMoving: labelsMoving,
                      segmentsFixed: scene.segments, mbfFixed: scene.mbf,
                      landmarksFixed: fixedMarks.flatMap { [Float($0.0), Float($0.1)] },
                      landmarksMoving: movingMarks.flatMap { [Float($0.0), Float($0.1)] },
                      meta: [Float(pixelMm), Float(times[fixedFrame]), Float(times[movingFrame]), movingFrame < spec.pdFrameCount ? 1 : 0,
                             mistriggered ? 1 : 0, Float(SliceLevel.allCases.firstIndex(of: level)!), Float(rotation), sigma],
                      motion: [Float(m.translationMm.dx), Float(m.translationMm.dy), Float(m.rotation), Float(m.scale), Float(m.nonRigidMm)])
    }

    /// Streams `count` records to an HDF5 file at `path` (written to a temporary file, renamed when complete).
    public static func write(count: Int, to path: String, seed: UInt64, size: Int = 128, progress: ProgressSink = SilentProgress()) throws {
        guard count > 0 else { throw PhantomError.invalidParameter("training-set count must be positive, got \(count)") }
        guard (32...512).contains(size), size % 16 == 0 else {
            throw PhantomError.invalidParameter("training-set image size must be a multiple of 16 in 32–512, got \(size)")
        }
        try AtomicOutput.write(to: path) { temporary in
            let file = try HDF5File(path: temporary, mode: .truncate)
            try file.setAttribute("format", formatName)
            try file.setAttribute("format_version", formatVersion)
            try file.setAttribute("seed", String(seed))
            try file.setAttribute("count", count)
            try file.setAttribute("meta_fields", metaFields)
            try file.setAttribute("motion_fields", "dx_mm (columns), dy_mm (rows), rotation_rad, scale, non_rigid_mm")
            try file.setAttribute("landmark_order", "lv_centre, rv_insertion_anterior, rv_insertion_inferior; each (row, column) in pixels")
            try file.setAttribute("displacement_convention", GroundTruthArchive.displacementConvention
                .replacingOccurrences(of: "frame f of the study with displacement[f]", with: "moving[i] with true_ddf[i]")
                .replacingOccurrences(of: "the geometry of labels, mbf and aha_segments", with: "the geometry of fixed, labels_fixed and reference"))
            let hw = [size, size]
            let chunk = 8
            let fixed = try HDF5AppendableDataset<Float>(in: file, name: "fixed", recordShape: hw, chunkRecords: chunk)
            let moving = try HDF5AppendableDataset<Float>(in: file, name: "moving", recordShape: hw, chunkRecords: chunk)
            let pca = try HDF5AppendableDataset<Float>(in: file, name: "reference", recordShape: hw, chunkRecords: chunk)
            let ddf = try HDF5AppendableDataset<Float>(in: file, name: "true_ddf", recordShape: [2] + hw, chunkRecords: chunk)
            let fs = try HDF5AppendableDataset<Float>(in: file, name: "fixed_static", recordShape: hw, chunkRecords: chunk)
            let ms = try HDF5AppendableDataset<Float>(in: file, name: "moving_static", recordShape: hw, chunkRecords: chunk)
            let lf = try HDF5AppendableDataset<UInt8>(in: file, name: "labels_fixed", recordShape: hw, chunkRecords: chunk)
            let lm = try HDF5AppendableDataset<UInt8>(in: file, name: "labels_moving", recordShape: hw, chunkRecords: chunk)
            let seg = try HDF5AppendableDataset<UInt8>(in: file, name: "aha_segments_fixed", recordShape: hw, chunkRecords: chunk)
            let mbf = try HDF5AppendableDataset<Float>(in: file, name: "mbf_fixed", recordShape: hw, chunkRecords: chunk)
            let kf = try HDF5AppendableDataset<Float>(in: file, name: "landmarks_fixed", recordShape: [3, 2], chunkRecords: 256)
            let km = try HDF5AppendableDataset<Float>(in: file, name: "landmarks_moving", recordShape: [3, 2], chunkRecords: 256)
            let meta = try HDF5AppendableDataset<Float>(in: file, name: "meta", recordShape: [8], chunkRecords: 256)
            let mot = try HDF5AppendableDataset<Float>(in: file, name: "motion", recordShape: [5], chunkRecords: 256)
            var done = 0
            while done < count {
                let n = min(batchSize, count - done)
                let box = UnsafeResultBox<Record>(count: n)
                let start = done
                DispatchQueue.concurrentPerform(iterations: n) { box.set($0, record(index: start + $0, seed: seed, size: size)) }
                let records = box.unwrapped
                try fixed.append(records.flatMap(\.fixed))
                try moving.append(records.flatMap(\.moving))
                try pca.append(records.flatMap(\.pcaReference))
                try ddf.append(records.flatMap(\.displacement))
                try fs.append(records.flatMap(\.fixedStatic))
                try ms.append(records.flatMap(\.movingStatic))
                try lf.append(records.flatMap(\.labelsFixed))
                try lm.append(records.flatMap(\.labelsMoving))
                try seg.append(records.flatMap(\.segmentsFixed))
                try mbf.append(records.flatMap(\.mbfFixed))
                try kf.append(records.flatMap(\.landmarksFixed))
                try km.append(records.flatMap(\.landmarksMoving))
                try meta.append(records.flatMap(\.meta))
                try mot.append(records.flatMap(\.motion))
                done += n
                progress.update(stage: "training set", completed: done, total: count)
            }
            try file.flush()
        }
    }
}
