import Foundation
import MyoFlowCore

/// Settings of the iterative non-rigid (LNCC demons) registration.
public struct NonRigidRegistrationOptions: Sendable, Equatable {
    /// Pyramid levels (1 = full resolution only).
    public var levels: Int
    /// Iterations per level.
    public var iterationsPerLevel: Int
    /// LNCC window half-width in pixels at full resolution (MONAI kernel 19 ↔ radius 9 at 96²);
    /// halved per coarser level, at least 2.
    public var lnccRadius: Int
    /// σ (pixels) of the Gaussian applied to each update ("fluid" regularisation).
    public var updateSigma: Double
    /// σ (pixels) of the Gaussian applied to the accumulated field ("diffusion" regularisation).
    public var fieldSigma: Double
    /// Largest displacement of one update, in pixels of the level's grid.
    public var maxStepPixels: Double
    /// What is compared.
    public var feature: RegistrationFeature
    /// LNCC ε as a fraction of the largest window variance (see `LocalNormalizedCrossCorrelation`).
    public var lnccVarianceFloor: Float
    /// A level stops after three consecutive iterations that raise the mean LNCC by less than this.
    public var convergenceTolerance: Double

    public init(levels: Int = 3, iterationsPerLevel: Int = 40, lnccRadius: Int = 6, updateSigma: Double = 1.5,
                fieldSigma: Double = 3, maxStepPixels: Double = 0.4, feature: RegistrationFeature = .intensity,
                lnccVarianceFloor: Float = 1e-3, convergenceTolerance: Double = 2e-5) {
        self.lnccVarianceFloor = lnccVarianceFloor
        self.convergenceTolerance = convergenceTolerance
        self.levels = levels
        self.iterationsPerLevel = iterationsPerLevel
        self.lnccRadius = lnccRadius
        self.updateSigma = updateSigma
        self.fieldSigma = fieldSigma
        self.maxStepPixels = maxStepPixels
        self.feature = feature
    }
}

/// Outcome of one non-rigid registration.
public struct NonRigidRegistrationResult: Sendable {
    /// The residual field v on the fixed grid: the total pull-back field is
    /// `initial.displacementField(...).followed(by: residual)`, i.e. warped(x) = moving(A(x + v(x))).
    public var residual: DisplacementField
    /// The total field (affine followed by residual), MONAI pull-back convention.
    public var total: DisplacementField
    /// Mean LNCC before and after, at full resolution.
    public var initialLNCC: Double
    public var finalLNCC: Double
}

/// Diffeomorphic-style demons driven by local NCC, coarse to fine, on top of an affine transform.
///
/// Per iteration: W(x) = moving(A(x + v(x))); force f = ∂LNCC/∂W · ∇W (exact LNCC derivative, see
/// `LocalNormalizedCrossCorrelation`); update δ = k·(G_σu * f), k fixed per level so that the first
/// update moves at most `maxStepPixels`;
/// composition v ← v ∘ δ (`v.followed(by: δ)`, small steps keep the map invertible); then
/// v ← G_σf * v. When LNCC drops, the step halves. Moving pixels are resampled once per
/// iteration from the native image (no accumulated interpolation blur).
public enum NonRigidRegistration {
    public static func register(fixed: Image2D, moving: Image2D, initial: AffineTransform2D = .identity,
                                options: NonRigidRegistrationOptions = NonRigidRegistrationOptions()) throws -> NonRigidRegistrationResult {
        guard fixed.rows == moving.rows, fixed.columns == moving.columns else {
            throw MotionCorrectionError.gridMismatch("non-rigid registration: fixed \(fixed.rows)×\(fixed.columns), moving \(moving.rows)×\(moving.columns)")
        }
        guard options.levels >= 1, options.iterationsPerLevel >= 0, options.maxStepPixels > 0, options.lnccRadius >= 1 else {
            throw MotionCorrectionError.invalidParameter(name: "NonRigidRegistrationOptions", detail: "levels ≥ 1, iterations ≥ 0, a positive step and LNCC radius ≥ 1 are needed")
        }
        let fixedFeature = options.feature.apply(fixed)
        let movingFeature = options.feature.apply(moving)
        let fixedLevels = ImagePyramid.levels(fixedFeature, count: options.levels)
        let movingLevels = ImagePyramid.levels(movingFeature, count: fixedLevels.count)
        let fullRadius = options.lnccRadius

        var v: DisplacementField? = nil
        var initialLNCC = 0.0
        for level in stride(from: fixedLevels.count - 1, through: 0, by: -1) {
            let f = fixedLevels[level], m = movingLevels[level]
            let s = Double(1 << level)
            let affine = scaled(initial, by: s)
            var field = v.map { ImagePyramid.upsample($0, rows: f.rows, columns: f.columns) } ?? DisplacementField(rows: f.rows, columns: f.columns)
            let radius = max(2, fullRadius >> level)
            field = iterate(fixed: f, moving: m, affine: affine, field: field, radius: radius, options: options)
            v = field
        }
        let residual = v!
        let fixedFull = fixedLevels[0], movingFull = movingLevels[0]
        let radius = max(2, fullRadius)
        initialLNCC = LocalNormalizedCrossCorrelation.value(fixed: fixedFull.pixels, moving: warp(movingFull, affine: initial, field: DisplacementField(rows: fixed.rows, columns: fixed.columns)),
                                                            rows: fixed.rows, columns: fixed.columns, radius: radius)
        let finalLNCC = LocalNormalizedCrossCorrelation.value(fixed: fixedFull.pixels, moving: warp(movingFull, affine: initial, field: residual),
                                                              rows: fixed.rows, columns: fixed.columns, radius: radius)
        let total = initial.displacementField(rows: fixed.rows, columns: fixed.columns).followed(by: residual)
        return NonRigidRegistrationResult(residual: residual, total: total, initialLNCC: initialLNCC, finalLNCC: finalLNCC)
    }

    /// The affine at a pyramid level 2^l coarser: same linear part, offset divided by 2^l.
    static func scaled(_ a: AffineTransform2D, by s: Double) -> AffineTransform2D {
        var t = a.theta
        t[2] /= s; t[5] /= s
        return AffineTransform2D(theta: t)
    }

    /// moving(A(x + v(x))) on the field's grid.
    static func warp(_ moving: Image2D, affine: AffineTransform2D, field: DisplacementField) -> [Float] {
        let rows = field.rows, columns = field.columns
        var out = [Float](repeating: 0, count: rows * columns)
        let t = affine.theta
        moving.pixels.withUnsafeBufferPointer { m in
            field.rowDisplacement.withUnsafeBufferPointer { ur in
                field.columnDisplacement.withUnsafeBufferPointer { uc in
                    for r in 0..<rows {
                        for c in 0..<columns {
                            let i = r * columns + c
                            let y0 = Double(r) + Double(ur[i]), y1 = Double(c) + Double(uc[i])
                            out[i] = Bilinear.sample(m, rows: rows, columns: columns,
                                                     row: t[0] * y0 + t[1] * y1 + t[2], column: t[3] * y0 + t[4] * y1 + t[5])
                        }
                    }
                }
            }
        }
        return out
    }

    static func iterate(fixed: Image2D, moving: Image2D, affine: AffineTransform2D, field start: DisplacementField,
                        radius: Int, options: NonRigidRegistrationOptions) -> DisplacementField {
        let rows = fixed.rows, columns = fixed.columns, n = rows * columns
        var v = start
        var step = options.maxStepPixels
        var previous = -Double.infinity
        var normaliser: Float? = nil
        var stalls = 0
        for _ in 0..<options.iterationsPerLevel {
            let w = warp(moving, affine: affine, field: v)
            let (value, dW) = LocalNormalizedCrossCorrelation.valueAndGradient(fixed: fixed.pixels, moving: w, rows: rows, columns: columns, radius: radius,
                                                                                       varianceFloor: options.lnccVarianceFloor)
            if value < previous { step *= 0.5 }
            // Converged: three consecutive gains below the tolerance (mean LNCC is ≤ 1).
            stalls = value - previous < options.convergenceTolerance ? stalls + 1 : 0
            previous = value
            if step < 0.01 || stalls >= 3 { break }
            let g = ImageGradient.gradient(w, rows: rows, columns: columns)
            var fr = [Float](repeating: 0, count: n), fc = fr
            for i in 0..<n { fr[i] = dW[i] * g.row[i]; fc[i] = dW[i] * g.column[i] }
            fr = GaussianSmoothing.smooth(fr, rows: rows, columns: columns, sigma: options.updateSigma)
            fc = GaussianSmoothing.smooth(fc, rows: rows, columns: columns, sigma: options.updateSigma)
            // Step normalisation fixed at the level's first iteration: later updates shrink with
            // the evidence (a per-iteration normalisation would random-walk on noise).
            if normaliser == nil {
                var largest: Float = 0
                for i in 0..<n { largest = max(largest, (fr[i] * fr[i] + fc[i] * fc[i]).squareRoot()) }
                guard largest > 0, largest.isFinite else { break }
                normaliser = 1 / largest
            }
            let k = Float(step) * normaliser!
            for i in 0..<n { fr[i] *= k; fc[i] *= k }
            let update = try! DisplacementField(rows: rows, columns: columns, rowDisplacement: fr, columnDisplacement: fc)
            v = v.followed(by: update)
            v.rowDisplacement = GaussianSmoothing.smooth(v.rowDisplacement, rows: rows, columns: columns, sigma: options.fieldSigma)
            v.columnDisplacement = GaussianSmoothing.smooth(v.columnDisplacement, rows: rows, columns: columns, sigma: options.fieldSigma)
        }
        return v
    }
}
