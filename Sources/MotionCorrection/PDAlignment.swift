import MyoFlowCore

/// Alignment of proton-density frames to their (corrected) perfusion series.
///
/// PD frames are unsaturated: blood, myocardium and surrounding tissue are all bright, so global
/// intensity similarity with saturation-recovery frames is meaningless and a PCA reference cannot
/// contain them. Choice: register each PD frame to the *corrected* first dynamic frame
/// (pre-contrast, acquired right after the PD frames, already in the reference space) with an
/// affine transform maximising local NCC (13×13 windows at full resolution). LNCC is a squared
/// local correlation, so it is invariant to the local gain *and* sign of the contrast (the heart is
/// bright against tissue in PD, dark in pre-contrast SR). The affine starts from the transform of
/// that dynamic frame (the PD frames were acquired a beat or two earlier, usually at a similar
/// respiratory position). In the synthetic tests LNCC beat NCC on gradient-magnitude images
/// (0.54 vs 0.83 px residual), and a non-rigid refinement made PD alignment worse (it chases
/// contrast-specific edges), so it is available but off by default.
public struct PDAlignment: Sendable {
    public var affineOptions: AffineRegistrationOptions
    public var nonRigidOptions: NonRigidRegistrationOptions
    /// Run the non-rigid refinement after the affine (default off, see above).
    public var nonRigid: Bool
    /// Pixels where the affine similarity is evaluated (NCC only; LNCC uses the whole image).
    public var mask: Mask?

    public init(affineOptions: AffineRegistrationOptions = AffineRegistrationOptions(metric: .lncc(radius: 6)),
                nonRigidOptions: NonRigidRegistrationOptions = NonRigidRegistrationOptions(levels: 2, feature: .gradientMagnitude(sigma: 1.5)),
                nonRigid: Bool = false, mask: Mask? = nil) {
        self.affineOptions = affineOptions
        self.nonRigidOptions = nonRigidOptions
        self.nonRigid = nonRigid
        self.mask = mask
    }

    /// The affine and total field mapping a native PD frame onto `target` (a corrected dynamic
    /// frame), starting from `initial`.
    public func align(pd: Image2D, target: Image2D, initial: AffineTransform2D) throws -> (affine: AffineTransform2D, field: DisplacementField) {
        // Two starts (the dynamic frame's affine and identity), the higher LNCC kept: from one start
        // the cross-contrast metric sometimes ends in a wrong optimum (phantom: 5–7 px errors from
        // 1.7–4.7 px motion; with both starts ≤ 1.6 px on those frames).
        var best = try AffineRegistration.register(fixed: target, moving: pd, mask: mask, initial: initial, options: affineOptions)
        if initial != .identity {
            let other = try AffineRegistration.register(fixed: target, moving: pd, mask: mask, initial: .identity, options: affineOptions)
            if other.finalNCC > best.finalNCC { best = other }
        }
        let affine = best.transform
        guard nonRigid else { return (affine, affine.displacementField(rows: pd.rows, columns: pd.columns)) }
        let result = try NonRigidRegistration.register(fixed: target, moving: pd, initial: affine, options: nonRigidOptions)
        return (affine, result.total)
    }
}
