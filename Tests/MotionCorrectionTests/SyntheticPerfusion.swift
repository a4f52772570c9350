import Foundation
import MotionCorrection
import MyoFlowCore

/// Deterministic 64-bit generator (SplitMix64) so synthetic tests are reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [lo, hi).
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53) }
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(uniform(0, 1), 1e-12), u2 = uniform(0, 1)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// A synthetic perfusion slice with known motion: textured static background, a ring-shaped
/// myocardium around a bright LV blood pool and an RV blood pool whose intensities follow
/// contrast passage (gamma-variate-like curves), PD frames with another contrast first.
/// `trueFields[f]` is the pull-back field that corrects frame f (corrected = observed ∘ (x + u)),
/// zero for the reference frame.
struct SyntheticPerfusion {
    var series: ImageSeries
    var trueFields: [DisplacementField]
    var myocardium: Mask
    var lvCentre: (row: Double, column: Double)
    /// The motion-free frames (what perfect correction yields).
    var truth: ImageSeries

    struct Blob { var row: Double; var column: Double; var sigma: Double; var amplitude: Double }

    static func make(rows: Int = 64, columns: Int = 64, dynamicFrames: Int = 16, pdFrames: Int = 0, seed: UInt64 = 1,
                     motion: Bool = true, maxTranslation: Double = 3, maxRotationDegrees: Double = 3, maxScale: Double = 0.03,
                     nonRigidAmplitude: Double = 1.0, noise: Double = 0.01, mistriggeredFrame: Int? = nil) -> SyntheticPerfusion {
        var rng = SplitMix64(seed: seed)
        let frames = pdFrames + dynamicFrames
        let centre = (row: Double(rows) / 2, column: Double(columns) / 2)
        let scale = Double(min(rows, columns)) / 64
        let lvRadius = 8 * scale, myoOuter = 13 * scale
        let rvCentre = (row: centre.row - 2 * scale, column: centre.column - 20 * scale), rvRadius = 5.5 * scale
        let blobs = (0..<30).map { _ in
            Blob(row: rng.uniform(0, Double(rows)), column: rng.uniform(0, Double(columns)),
                 sigma: rng.uniform(2.5, 7) * scale, amplitude: rng.uniform(0.1, 0.5))
        }
        func smoothStep(_ d: Double) -> Double { 1 / (1 + exp(-d / 0.6)) } // soft edge, ~1 px
        func gamma(_ t: Double, peak: Double, width: Double) -> Double {
            guard t > 0 else { return 0 }
            let x = t / peak
            return pow(x, width) * exp(width * (1 - x))
        }
        // Intensity of tissue classes at dynamic index t (0-based), or PD contrast.
        func image(at p: (Double, Double), dynamic t: Int?, systolic: Bool) -> Double {
            var background = 0.25
            for b in blobs {
                let dr = p.0 - b.row, dc = p.1 - b.column
                background += b.amplitude * exp(-(dr * dr + dc * dc) / (2 * b.sigma * b.sigma))
            }
            let dr = p.0 - centre.row, dc = p.1 - centre.column
            let radius = (dr * dr + dc * dc).squareRoot()
            let inner = systolic ? lvRadius * 0.7 : lvRadius, outer = systolic ? myoOuter * 0.95 : myoOuter
            let inLV = smoothStep(inner - radius)
            let inHeart = smoothStep(outer - radius)
            let rr = p.0 - rvCentre.row, rc = p.1 - rvCentre.column
            let inRV = smoothStep(rvRadius - (rr * rr + rc * rc).squareRoot())
            let blood: Double, myo: Double, rv: Double
            if let t {
                // Time course scaled to the series length as a 60-beat acquisition: onset at 12 %,
                // RV peak at 20 %, LV peak at 27 %, myocardial peak at 40 % of the frames.
                let n = Double(dynamicFrames), tt = Double(t) - 0.12 * n
                blood = 0.15 + 1.6 * gamma(tt, peak: 0.15 * n, width: 3)
                rv = 0.15 + 1.8 * gamma(tt, peak: 0.08 * n, width: 3)
                myo = 0.12 + 0.35 * gamma(tt, peak: 0.28 * n, width: 2)
                let tissue = 0.35 * background
                let heart = inLV * blood + (inHeart - inLV) * myo
                return (1 - inHeart) * ((1 - inRV) * tissue + inRV * rv) + heart
            } else {
                blood = 0.95; myo = 0.8; rv = 0.95
                let heart = inLV * blood + (inHeart - inLV) * myo
                return (1 - inHeart) * ((1 - inRV) * background * 0.9 + inRV * rv) + heart
            }
        }
        let referenceDynamic = max(0, dynamicFrames - 1 - 10)
        var pixels = [Float](repeating: 0, count: frames * rows * columns)
        var truthPixels = pixels
        var fields: [DisplacementField] = []
        for f in 0..<frames {
            let t: Int? = f < pdFrames ? nil : f - pdFrames
            var u = DisplacementField(rows: rows, columns: columns)
            if motion && t != referenceDynamic {
                let a = AffineTransform2D.about(centre: (Double(rows - 1) / 2, Double(columns - 1) / 2),
                                                rotation: rng.uniform(-maxRotationDegrees, maxRotationDegrees) * .pi / 180,
                                                scale: 1 + rng.uniform(-maxScale, maxScale),
                                                translation: (rng.uniform(-maxTranslation, maxTranslation), rng.uniform(-maxTranslation, maxTranslation)))
                u = a.displacementField(rows: rows, columns: columns)
                let br = centre.row + rng.uniform(-6, 6) * scale, bc = centre.column + rng.uniform(-6, 6) * scale
                let angle = rng.uniform(0, 2 * .pi), s = 9 * scale
                for r in 0..<rows {
                    for c in 0..<columns {
                        let g = nonRigidAmplitude * exp(-(pow(Double(r) - br, 2) + pow(Double(c) - bc, 2)) / (2 * s * s))
                        u.rowDisplacement[r * columns + c] += Float(g * cos(angle))
                        u.columnDisplacement[r * columns + c] += Float(g * sin(angle))
                    }
                }
            }
            let w = FieldInversion.inverse(of: u, iterations: 40)
            let systolic = f == mistriggeredFrame
            for r in 0..<rows {
                for c in 0..<columns {
                    let i = r * columns + c
                    let p = (Double(r) + Double(w.rowDisplacement[i]), Double(c) + Double(w.columnDisplacement[i]))
                    pixels[f * rows * columns + i] = Float(image(at: p, dynamic: t, systolic: systolic) + noise * rng.normal())
                    truthPixels[f * rows * columns + i] = Float(image(at: (Double(r), Double(c)), dynamic: t, systolic: false))
                }
            }
            fields.append(u)
        }
        var ring = [Bool](repeating: false, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let d = (pow(Double(r) - centre.row, 2) + pow(Double(c) - centre.column, 2)).squareRoot()
                ring[r * columns + c] = d >= lvRadius && d <= myoOuter
            }
        }
        let times = (0..<frames).map { Double($0) * 0.9 }
        let geometry = SliceGeometry(spacing: PixelSpacing(isotropicMm: 2))
        let series = try! ImageSeries(frames: frames, rows: rows, columns: columns, pixels: pixels, geometry: geometry,
                                      timesSeconds: times, pdFrameIndices: Array(0..<pdFrames), seriesDescription: "synthetic")
        let truth = try! ImageSeries(frames: frames, rows: rows, columns: columns, pixels: truthPixels, geometry: geometry,
                                     timesSeconds: times, pdFrameIndices: Array(0..<pdFrames), seriesDescription: "synthetic truth")
        return SyntheticPerfusion(series: series, trueFields: fields, myocardium: Mask(rows: rows, columns: columns, values: ring),
                                  lvCentre: centre, truth: truth)
    }
}
