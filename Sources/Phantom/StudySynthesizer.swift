import Foundation
import Anatomy
import MyoFlowCore
import Physics

/// A synthetic study and its ground truth.
public struct SyntheticStudy: Sendable {
    public var study: PerfusionStudy
    public var truth: PhantomGroundTruth
}

/// Synthesises a dual-sequence perfusion study: three high-res short-axis slices (basal, mid,
/// apical) and a low-res AIF slice, PD frames first, one frame per jittered heartbeat.
public enum StudySynthesizer {
    static let levels: [SliceLevel] = [.basal, .mid, .apical]

    /// Generates the study of `spec`. Deterministic in `spec` (and so in its seed).
    public static func synthesize(_ spec: PhantomSpec) throws -> SyntheticStudy {
        try spec.validate()
        guard let relaxation = RelaxationConstants(fieldStrengthT: spec.fieldStrengthT) else {
            throw PhantomError.invalidParameter("no relaxation constants for \(spec.fieldStrengthT) T")
        }
        // The case name is mixed into the seed: different cases with the same seed are different subjects.
        let root = SeededGenerator(seed: spec.seed ^ nameHash(spec.name))
        var anatomyG = root.derived(1), kineticsG = root.derived(2), timingG = root.derived(3), motionG = root.derived(4)
        let noiseRoot = root.derived(5)

        let anatomy = StudyAnatomy.random(using: &anatomyG, coilBias: spec.coilBias)
        let timeline = AcquisitionTimeline.make(spec: spec, sliceCount: levels.count, using: &timingG)
        let lastTime = (timeline.sliceTimesS.flatMap { $0 } + timeline.aifTimesS).max() ?? 0
        let pattern = PerfusionPattern.random(spec: spec, dt: 0.05, using: &kineticsG)
        var kinetics = ContrastKinetics(spec: spec, firstDynamicS: timeline.firstDynamicS, durationS: lastTime + 1,
                                        pattern: pattern, using: &kineticsG)

        let fovRotation = spec.fovRotationDeg * .pi / 180
        let imagingGrid = SliceGrid(rows: spec.imaging.rows, columns: spec.imaging.columns, pixelMm: spec.imaging.pixelMm, rotation: fovRotation)
        let aifGrid = SliceGrid(rows: spec.aif.rows, columns: spec.aif.columns, pixelMm: spec.aif.pixelMm, rotation: fovRotation)
        let hasMistriggers = !timeline.mistriggeredFrames.isEmpty
        // Series jobs: (name, level, grid, sequence, times).
        struct Job { let name: String; let level: SliceLevel; let grid: SliceGrid; let settings: SeriesSettings; let times: [Double] }
        let jobs = levels.enumerated().map { Job(name: $1.rawValue, level: $1, grid: imagingGrid, settings: spec.imaging, times: timeline.sliceTimesS[$0]) }
            + [Job(name: "aif", level: .basal, grid: aifGrid, settings: spec.aif, times: timeline.aifTimesS)]

        let scenes = jobs.map { SliceScene.render(anatomy: anatomy, level: $0.level, grid: $0.grid, pattern: pattern) }
        let systolicScenes = hasMistriggers
            ? jobs.map { SliceScene.render(anatomy: anatomy, level: $0.level, grid: $0.grid, pattern: pattern, systolic: true) } : scenes
        kinetics.prepare((scenes + systolicScenes).flatMap(\.curveKeys))
        // Breathing is defined in anatomy mm; each series sees it in its own (possibly rotated) image frame.
        let anatomyMotion = MotionModel(settings: spec.motion, durationS: lastTime + 1, heartCentreMm: anatomy.lvCentres[.mid]!, using: &motionG)
        let motions = jobs.map { anatomyMotion.expressed(in: $0.grid) }

        let frames = spec.pdFrameCount + spec.dynamicFrameCount
        let signals = jobs.map { SignalModel(series: $0.settings, fullReadoutTrain: spec.fullReadoutTrain, relaxation: relaxation) }
        let t1ByTissue = signals.map { s in PhantomTissue.allCases.map { s.nativeT1S($0) } }

        // Per series and scene: signal table [group][frame] for groups = distinct (tissue, curve).
        struct Renderable { let groupIndex: [Int32]; let table: [Float]; let amplitude: [Float] }
        func renderable(_ scene: SliceScene, job: Int) -> (Renderable, [[Double]]) {
            let gd = scene.curveKeys.map { kinetics.interpolate(kinetics.curveValues($0), at: jobs[job].times) }
            var groups: [Int: Int32] = [:], list: [(UInt8, Int32)] = []
            var gi = [Int32](repeating: 0, count: scene.tissue.count)
            for i in scene.tissue.indices {
                let key = Int(scene.tissue[i]) << 20 | Int(scene.curveIndex[i])
                if let g = groups[key] { gi[i] = g } else {
                    let g = Int32(list.count)
                    groups[key] = g; list.append((scene.tissue[i], scene.curveIndex[i])); gi[i] = g
                }
            }
            var table = [Float](repeating: 0, count: list.count * frames)
            for (g, (t, c)) in list.enumerated() {
                let t1 = t1ByTissue[job][Int(t)]
                for f in 0..<frames {
                    table[g * frames + f] = Float(SignalModel.scale * signals[job].relativeSignal(pd: f < spec.pdFrameCount, nativeT1S: t1, gdMmolPerL: gd[Int(c)][f]))
                }
            }
            return (Renderable(groupIndex: gi, table: table, amplitude: scene.amplitude), gd)
        }
        var diastolicList: [Renderable] = [], systolicList: [Renderable] = [], gdPerSeries: [[[Double]]] = []
        for j in jobs.indices {
            let (r, gd) = renderable(scenes[j], job: j)
            diastolicList.append(r); gdPerSeries.append(gd)
            systolicList.append(hasMistriggers ? renderable(systolicScenes[j], job: j).0 : r)
        }
        let diastolic = diastolicList, systolic = systolicList
        // Noise σ: myocardial contrast (normal MBF, peak minus baseline) over the CNR, per series.
        let sigmas: [Float] = jobs.indices.map { j in
            guard spec.contrastToNoise > 0 else { return 0 }
            let gd = kinetics.interpolate(kinetics.curveValues(.papillary), at: jobs[j].times)
            let t1 = relaxation.t1MyocardiumS
            let peak = signals[j].relativeSignal(pd: false, nativeT1S: t1, gdMmolPerL: gd.max() ?? 0)
            let base = signals[j].relativeSignal(pd: false, nativeT1S: t1, gdMmolPerL: 0)
            return Float(SignalModel.scale * (peak - base) / spec.contrastToNoise)
        }

        // Render every (series, frame) in parallel into preallocated buffers.
        let pixelBuffers = jobs.map { UnsafeMutableBufferPointer<Float>.allocate(capacity: frames * $0.grid.rows * $0.grid.columns) }
        let fieldBuffers = jobs.map { UnsafeMutableBufferPointer<Float>.allocate(capacity: frames * 2 * $0.grid.rows * $0.grid.columns) }
        defer { (pixelBuffers + fieldBuffers).forEach { $0.deallocate() } }
        let mistriggered = Set(timeline.mistriggeredFrames)
        let frameMotions = jobs.indices.map { j in (0..<frames).map { motions[j].frameMotion(at: jobs[j].times[$0], index: $0) } }
        let centres = jobs.map { job -> (x: Double, y: Double) in
            let p = job.grid.pixel(ofAnatomy: anatomy.lvCentres[.mid]!)
            return job.grid.imageMm(row: p.row, column: p.column)
        }
        let psf = GaussianBlur.kernel(sigma: spec.pointSpreadSigmaPixels)
        let work = jobs.count * frames
        let shared = SharedBuffers(pixels: pixelBuffers, fields: fieldBuffers)
        DispatchQueue.concurrentPerform(iterations: work) { w in
            let j = w / frames, f = w % frames
            let grid = jobs[j].grid
            let n = grid.rows * grid.columns
            let src = mistriggered.contains(f) ? systolic[j] : diastolic[j]
            let out = UnsafeMutableBufferPointer(rebasing: shared.pixels[j][(f * n)..<((f + 1) * n)])
            src.table.withUnsafeBufferPointer { table in
                for i in 0..<n { out[i] = src.amplitude[i] * table[Int(src.groupIndex[i]) * frames + f] }
            }
            if psf.count > 1 { GaussianBlur.apply(out, rows: grid.rows, columns: grid.columns, kernel: psf) }
            let fieldOut = UnsafeMutableBufferPointer(rebasing: shared.fields[j][(f * 2 * n)..<((f + 1) * 2 * n)])
            let m = frameMotions[j][f]
            if m.isZero {
                for i in 0..<(2 * n) { fieldOut[i] = 0 }
            } else {
                let (u, v) = motions[j].fields(m, grid: grid, centre: centres[j])
                let reference = Array(out)
                reference.withUnsafeBufferPointer { ref in
                    for r in 0..<grid.rows {
                        for c in 0..<grid.columns {
                            let i = r * grid.columns + c
                            out[i] = Bilinear.sample(ref, rows: grid.rows, columns: grid.columns,
                                                     row: Double(r) + Double(v.rowDisplacement[i]), column: Double(c) + Double(v.columnDisplacement[i]))
                        }
                    }
                }
                for i in 0..<n { fieldOut[i] = u.rowDisplacement[i]; fieldOut[n + i] = u.columnDisplacement[i] }
            }
            let sigma = sigmas[j]
            if sigma > 0 {
                var g = noiseRoot.derived(UInt64(j * 100_000 + f))
                var noise = [Float](repeating: 0, count: 2 * n)
                noise.withUnsafeMutableBufferPointer { g.fillNormal($0, sd: sigma) }
                for i in 0..<n {
                    let re = out[i] + noise[2 * i], im = noise[2 * i + 1]
                    out[i] = (re * re + im * im).squareRoot()  // complex Gaussian noise → magnitude (§8)
                }
            }
        }

        // Assemble series and truth.
        let orientation = Self.orientation(fovRotation: fovRotation)
        var series: [ImageSeries] = []
        var truths: [SeriesTruth] = []
        for (j, job) in jobs.enumerated() {
            let grid = job.grid
            let offsetAlongNormal: Double = job.name == "aif" ? -12 : Double(j) * 12  // base → apex, 12 mm gap
            let centre = orientation.centre + orientation.normal * offsetAlongNormal
            let position = centre - orientation.row * (Double(grid.columns - 1) / 2 * grid.pixelMm) - orientation.column * (Double(grid.rows - 1) / 2 * grid.pixelMm)
            let geometry = SliceGeometry(position: position, rowDirection: orientation.row, columnDirection: orientation.column,
                                         spacing: PixelSpacing(isotropicMm: grid.pixelMm), sliceThicknessMm: job.settings.sliceThicknessMm)
            let sequence = SequenceParameters(saturationTimeMs: job.settings.saturationTimeMs, repetitionTimeMs: job.settings.repetitionTimeMs,
                                              echoTimeMs: 1.2, flipAngleDeg: job.settings.flipAngleDeg, pdFlipAngleDeg: job.settings.pdFlipAngleDeg,
                                              linesToCentre: spec.fullReadoutTrain ? job.settings.linesToCentre : nil)
            series.append(try ImageSeries(frames: frames, rows: grid.rows, columns: grid.columns, pixels: Array(pixelBuffers[j]),
                                          geometry: geometry, timesSeconds: job.times, pdFrameIndices: Array(0..<spec.pdFrameCount),
                                          sequence: sequence, seriesInstanceUID: uid(spec.seed, 10 + j),
                                          seriesDescription: job.name == "aif" ? "MyoFlow phantom AIF (low-res)" : "MyoFlow phantom SAX \(job.name)"))
            let lv = kinetics.interpolate(kinetics.curveValues(.lvBlood), at: job.times)
            let peak = (spec.pdFrameCount..<frames).max { lv[$0] < lv[$1] } ?? spec.pdFrameCount
            truths.append(SeriesTruth(name: job.name, level: job.level, scene: scenes[j], timesS: job.times, curveGd: gdPerSeries[j],
                                      nativeT1ByTissue: t1ByTissue[j], correctionFields: Array(fieldBuffers[j]),
                                      frameMotion: frameMotions[j], mistriggeredFrames: timeline.mistriggeredFrames,
                                      peakLVFrame: peak, signal: signals[j]))
        }
        var provenance = Provenance()
        provenance.record(stage: "phantom", key: "case", value: spec.name)
        provenance.record(stage: "phantom", key: "seed", value: String(spec.seed))
        let study = try PerfusionStudy(slices: Array(series.dropLast()), aif: series.last,
                                       parameters: StudyParameters(fieldStrengthT: spec.fieldStrengthT, doseMmolPerKg: spec.doseMmolPerKg,
                                                                   haematocrit: spec.haematocrit, stressState: spec.stressState),
                                       provenance: provenance, studyInstanceUID: uid(spec.seed, 1))
        let truth = PhantomGroundTruth(spec: spec, timeline: timeline, pattern: pattern, lvAIF: kinetics.lvAIF, rvAIF: kinetics.rvAIF,
                                       fineTimesS: kinetics.timesS, lvBloodGd: kinetics.curveValues(.lvBlood),
                                       rvBloodGd: kinetics.curveValues(.rvBlood), series: truths)
        return SyntheticStudy(study: study, truth: truth)
    }

    /// A typical oblique short-axis orientation (LPS unit vectors) and the mid-slice centre.
    static let orientation: (row: SIMD3<Double>, column: SIMD3<Double>, normal: SIMD3<Double>, centre: SIMD3<Double>) = {
        func unit(_ v: SIMD3<Double>) -> SIMD3<Double> { v / (v * v).sum().squareRoot() }
        let row = unit(SIMD3(0.62, 0.55, -0.56))
        let guess = unit(SIMD3(0.2, 0.6, 0.77))
        let column = unit(guess - row * (guess * row).sum())
        let n = SIMD3(row.y * column.z - row.z * column.y, row.z * column.x - row.x * column.z, row.x * column.y - row.y * column.x)
        return (row, column, n, SIMD3(20, 30, 10))
    }()

    /// The orientation with the FOV turned in-plane by `fovRotation` (radians, `SliceGrid.rotation`).
    /// Anatomy mm a = R(θ)·i (i image mm) sits at patient e_x·a.x + e_y·a.y, so the image axes are
    /// e_x cos θ + e_y sin θ (columns) and −e_x sin θ + e_y cos θ (rows): patient coordinates of the
    /// anatomy do not change with θ.
    static func orientation(fovRotation: Double) -> (row: SIMD3<Double>, column: SIMD3<Double>, normal: SIMD3<Double>, centre: SIMD3<Double>) {
        let o = orientation
        guard fovRotation != 0 else { return o }
        let c = cos(fovRotation), s = sin(fovRotation)
        return (o.row * c + o.column * s, o.column * c - o.row * s, o.normal, o.centre)
    }

    /// FNV-1a hash of a case name (stable across runs and platforms, unlike `Hasher`).
    static func nameHash(_ name: String) -> UInt64 {
        name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    /// A deterministic DICOM-style UID under the 2.25 (UUID-derived) root.
    static func uid(_ seed: UInt64, _ part: Int) -> String {
        var g = SeededGenerator(seed: seed).derived(UInt64(1000 + part))
        return "2.25.\(g.next() >> 4)\(part)"
    }
}

/// Output buffers shared by the parallel frame renderer; each work item writes its own slice.
private struct SharedBuffers: @unchecked Sendable {
    let pixels: [UnsafeMutableBufferPointer<Float>]
    let fields: [UnsafeMutableBufferPointer<Float>]
}
