import MyoFlowCore

/// Alignment of proton-density frames to their (corrected) perfusion series.
///
/// PD frames are unsaturated: blood and myocardium are both bright, so intensity similarity with
/// saturation-recovery frames is meaningless and a PCA reference cannot contain them. Choice:
/// register each PD frame to the *corrected* first dynamic frame (pre-contrast, acquired right
/// after the PD frames, already in the reference space), comparing gradient-magnitude images
/// |∇(G_σ * I)| — tissue boundaries sit at the same place whatever their contrast polarity. The
/// affine starts from the transform of that dynamic frame (the PD frames were acquired a beat or
/// two earlier, usually at a similar respiratory position), then a strongly regularised LNCC
/// demons on the same features removes small residual deformation.
public struct PDAlignment: Sendable {
    public var affineOptions: AffineRegistrationOptions
    public var nonRigidOptions: NonRigidRegistrationOptions
    /// Run the non-rigid refinement (off: affine only).
    public var nonRigid: Bool
    public var mask: Mask?

    public init(affineOptions: AffineRegistrationOptions = AffineRegistrationOptions(feature: .gradientMagnitude(sigma: 1.5)),
                nonRigidOptions: NonRigidRegistrationOptions = NonRigidRegistrationOptions(levels: 2, iterationsPerLevel: 30, updateSigma: 2, fieldSigma: 2.5, maxStepPixels: 0.3, feature: .gradientMagnitude(sigma: 1.5)),
                nonRigid: Bool = true, mask: Mask? = nil) {
        self.affineOptions = affineOptions
        self.nonRigidOptions = nonRigidOptions
        self.nonRigid = nonRigid
        self.mask = mask
    }

    /// The affine and total field mapping a native PD frame onto `target` (a corrected dynamic
    /// frame), starting from `initial`.
    public func align(pd: Image2D, target: Image2D, initial: AffineTransform2D) throws -> (affine: AffineTransform2D, field: DisplacementField) {
        let affine = try AffineRegistration.register(fixed: target, moving: pd, mask: mask, initial: initial, options: affineOptions).transform
        guard nonRigid else { return (affine, affine.displacementField(rows: pd.rows, columns: pd.columns)) }
        let result = try NonRigidRegistration.register(fixed: target, moving: pd, initial: affine, options: nonRigidOptions)
        return (affine, result.total)
    }
}
