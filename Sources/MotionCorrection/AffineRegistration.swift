import Foundation
import MyoFlowCore

/// Settings of the iterative affine registration.
public struct AffineRegistrationOptions: Sendable, Equatable {
    /// Pyramid levels (1 = full resolution only).
    public var levels: Int
    /// Maximum optimiser iterations per level.
    public var iterationsPerLevel: Int
    /// First step length, in pixels of the level's grid (largest sample displacement a step causes).
    public var initialStepPixels: Double
    /// The optimiser stops at a level when the step falls below this (pixels of that level).
    public var minimumStepPixels: Double
    /// What is compared.
    public var feature: RegistrationFeature
    /// When false only rotation, isotropic scale and translation are optimised (4 dof).
    public var fullAffine: Bool
    /// The similarity maximised.
    public var metric: SimilarityMetric

    public init(levels: Int = 3, iterationsPerLevel: Int = 80, initialStepPixels: Double = 1.0,
                minimumStepPixels: Double = 0.005, feature: RegistrationFeature = .intensity, fullAffine: Bool = true,
                metric: SimilarityMetric = .ncc) {
        self.levels = levels
        self.iterationsPerLevel = iterationsPerLevel
        self.initialStepPixels = initialStepPixels
        self.minimumStepPixels = minimumStepPixels
        self.feature = feature
        self.fullAffine = fullAffine
        self.metric = metric
    }
}

/// Outcome of one affine registration.
public struct AffineRegistrationResult: Sendable {
    /// warped(r, c) = moving(θ·[r, c, 1]ᵀ) matches the fixed image (MONAI convention).
    public var transform: AffineTransform2D
    /// The metric (NCC or LNCC) at full resolution after registration (on the compared feature).
    public var finalNCC: Double
    /// The metric before registration (with the initial transform).
    public var initialNCC: Double
}

/// Intensity-based affine registration maximising global NCC (masked) by regular-step gradient
/// ascent, coarse to fine.
///
/// Parameterised about the image centre c: sample position T(x) = c + (I + M)(x − c) + t with
/// p = (M₀₀, M₀₁, M₁₀, M₁₁, t₀, t₁); the linear parameters are scaled by the image radius so
/// one unit of any parameter moves the image edge by about one pixel. Analytic gradient:
/// ∂NCC/∂p = Σ_x ∂NCC/∂W(x) · ∇moving(T(x)) · ∂T/∂p. A step that lowers NCC is rejected and halves
/// the step length.
public enum AffineRegistration {
    public static func register(fixed: Image2D, moving: Image2D, mask: Mask? = nil,
                                initial: AffineTransform2D = .identity,
                                options: AffineRegistrationOptions = AffineRegistrationOptions()) throws -> AffineRegistrationResult {
        guard fixed.rows == moving.rows, fixed.columns == moving.columns else {
            throw MotionCorrectionError.gridMismatch("affine registration: fixed \(fixed.rows)×\(fixed.columns), moving \(moving.rows)×\(moving.columns)")
        }
        if let mask, mask.rows != fixed.rows || mask.columns != fixed.columns {
            throw MotionCorrectionError.gridMismatch("affine registration mask \(mask.rows)×\(mask.columns), image \(fixed.rows)×\(fixed.columns)")
        }
        guard options.levels >= 1, options.iterationsPerLevel >= 0, options.initialStepPixels > 0 else {
            throw MotionCorrectionError.invalidParameter(name: "AffineRegistrationOptions", detail: "levels ≥ 1, iterations ≥ 0 and a positive step are needed")
        }
        let fixedFeature = options.feature.apply(fixed)
        let movingFeature = options.feature.apply(moving)
        let fixedLevels = ImagePyramid.levels(fixedFeature, count: options.levels)
        let movingLevels = ImagePyramid.levels(movingFeature, count: fixedLevels.count)
        var maskLevels: [Mask?] = [mask]
        for _ in 1..<fixedLevels.count { maskLevels.append(maskLevels.last!.map(ImagePyramid.downsample)) }

        let centre = (Double(fixed.rows - 1) / 2, Double(fixed.columns - 1) / 2)
        var p = parameters(of: initial, centre: centre)
        let initialNCC = Level(fixed: fixedFeature, moving: movingFeature, mask: mask, centre: centre, metric: options.metric)
            .evaluate(p, gradient: false).value
        for level in stride(from: fixedLevels.count - 1, through: 0, by: -1) {
            let s = Double(1 << level)
            let data = Level(fixed: fixedLevels[level], moving: movingLevels[level], mask: maskLevels[level],
                             centre: (centre.0 / s, centre.1 / s), metric: options.metric.atLevel(level))
            var q = p
            q[4] /= s; q[5] /= s
            q = data.optimise(q, options: options)
            q[4] *= s; q[5] *= s
            p = q
        }
        let finalNCC = Level(fixed: fixedFeature, moving: movingFeature, mask: mask, centre: centre, metric: options.metric).evaluate(p, gradient: false).value
        return AffineRegistrationResult(transform: transform(p, centre: centre), finalNCC: finalNCC, initialNCC: initialNCC)
    }

    /// p from θ: L = I + M, t = offset − c + L·c.
    static func parameters(of a: AffineTransform2D, centre c: (Double, Double)) -> [Double] {
        let t = a.theta
        let t0 = t[2] - c.0 + t[0] * c.0 + t[1] * c.1
        let t1 = t[5] - c.1 + t[3] * c.0 + t[4] * c.1
        return [t[0] - 1, t[1], t[3], t[4] - 1, t0, t1]
    }

    /// θ from p: T(x) = L·x + (c − L·c + t).
    static func transform(_ p: [Double], centre c: (Double, Double)) -> AffineTransform2D {
        let a = 1 + p[0], b = p[1], d = p[2], e = 1 + p[3]
        return AffineTransform2D(theta: [a, b, c.0 - a * c.0 - b * c.1 + p[4],
                                         d, e, c.1 - d * c.0 - e * c.1 + p[5]])
    }

    /// One pyramid level: images, gradients of the moving image, mask, centre.
    struct Level {
        let rows: Int, columns: Int
        let fixed: [Float], moving: [Float], gradRow: [Float], gradColumn: [Float]
        let mask: [Bool]?
        let centre: (Double, Double)
        let radius: Double
        let metric: SimilarityMetric

        init(fixed: Image2D, moving: Image2D, mask: Mask?, centre: (Double, Double), metric: SimilarityMetric) {
            self.metric = metric
            rows = fixed.rows; columns = fixed.columns
            self.fixed = fixed.pixels; self.moving = moving.pixels
            let g = ImageGradient.gradient(moving.pixels, rows: rows, columns: columns)
            gradRow = g.row; gradColumn = g.column
            self.mask = mask?.values
            self.centre = centre
            radius = max(1, 0.5 * (Double(rows * rows + columns * columns)).squareRoot())
        }

        /// NCC and ∂NCC/∂p at p.
        func evaluate(_ p: [Double], gradient wantGradient: Bool) -> (value: Double, gradient: [Double]) {
            let a = 1 + p[0], b = p[1], d = p[2], e = 1 + p[3]
            let n = rows * columns
            var warped = [Float](repeating: 0, count: n)
            var sampleRow = [Float](repeating: 0, count: wantGradient ? n : 0), sampleColumn = sampleRow
            let (c0, c1) = centre
            moving.withUnsafeBufferPointer { m in
                gradRow.withUnsafeBufferPointer { gr in
                    gradColumn.withUnsafeBufferPointer { gc in
                        for r in 0..<rows {
                            let dr = Double(r) - c0
                            for c in 0..<columns {
                                let i = r * columns + c
                                let dc = Double(c) - c1
                                let pr = c0 + a * dr + b * dc + p[4]
                                let pc = c1 + d * dr + e * dc + p[5]
                                warped[i] = Bilinear.sample(m, rows: rows, columns: columns, row: pr, column: pc)
                                // Border padding: outside the image the sample is constant in p.
                                if wantGradient, pr >= 0, pr <= Double(rows - 1), pc >= 0, pc <= Double(columns - 1) {
                                    sampleRow[i] = Bilinear.sample(gr, rows: rows, columns: columns, row: pr, column: pc)
                                    sampleColumn[i] = Bilinear.sample(gc, rows: rows, columns: columns, row: pr, column: pc)
                                }
                            }
                        }
                    }
                }
            }
            let (value, dW) = metric.evaluate(fixed: fixed, moving: warped, rows: rows, columns: columns, mask: mask, wantGradient: wantGradient)
            guard wantGradient else { return (value, []) }
            var g = [Double](repeating: 0, count: 6)
            for r in 0..<rows {
                let dr = Double(r) - c0
                for c in 0..<columns {
                    let i = r * columns + c
                    let w = Double(dW[i])
                    if w == 0 { continue }
                    let gr = w * Double(sampleRow[i]), gc = w * Double(sampleColumn[i])
                    let dc = Double(c) - c1
                    g[0] += gr * dr; g[1] += gr * dc; g[2] += gc * dr; g[3] += gc * dc
                    g[4] += gr; g[5] += gc
                }
            }
            return (value, g)
        }

        /// Regular-step gradient ascent in the radius-scaled parameter space.
        func optimise(_ start: [Double], options: AffineRegistrationOptions) -> [Double] {
            // Parameter scales: a unit change of the scaled linear parameters moves the edge ~1 px.
            let scale = [radius, radius, radius, radius, 1, 1]
            var p = start
            var current = evaluate(p, gradient: true)
            var step = options.initialStepPixels
            var iteration = 0
            while iteration < options.iterationsPerLevel && step >= options.minimumStepPixels {
                iteration += 1
                // Gradient in scaled space: ∂f/∂(s·p) = (∂f/∂p)/s.
                var direction = (0..<6).map { current.gradient[$0] / scale[$0] }
                if !options.fullAffine { direction = rigidScaleProjection(direction) }
                let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0, norm.isFinite else { break }
                var candidate = p
                for j in 0..<6 { candidate[j] += step * direction[j] / norm / scale[j] }
                let next = evaluate(candidate, gradient: true)
                if next.value > current.value {
                    p = candidate
                    current = next
                } else {
                    step *= 0.5
                }
            }
            return p
        }

        /// Projects a scaled-space direction onto rotation + isotropic scale + translation:
        /// M = [[s, −ω], [ω, s]].
        func rigidScaleProjection(_ g: [Double]) -> [Double] {
            let s = 0.5 * (g[0] + g[3]), w = 0.5 * (g[2] - g[1])
            return [s, -w, w, s, g[4], g[5]]
        }
    }
}
