import MyoFlowCore

/// Affine stage by `AffineRegistration` (NCC, multi-resolution), pairs in parallel over cores.
public struct IterativeAffineEstimator: AffineStageEstimator {
    public var options: AffineRegistrationOptions
    public var mask: Mask?
    public init(options: AffineRegistrationOptions = AffineRegistrationOptions(), mask: Mask? = nil) {
        self.options = options; self.mask = mask
    }
    public func estimate(_ pairs: [AffinePair]) throws -> [AffineTransform2D] {
        try parallelMap(pairs.count) { i in
            try AffineRegistration.register(fixed: pairs[i].fixed, moving: pairs[i].moving, mask: mask,
                                            initial: pairs[i].initial, options: options).transform
        }
    }
}

/// Non-rigid stage by `NonRigidRegistration` (LNCC demons), pairs in parallel over cores.
public struct IterativeNonRigidEstimator: NonRigidStageEstimator {
    public var options: NonRigidRegistrationOptions
    public init(options: NonRigidRegistrationOptions = NonRigidRegistrationOptions()) { self.options = options }
    public func estimate(_ pairs: [AffinePair]) throws -> [DisplacementField] {
        try parallelMap(pairs.count) { i in
            try NonRigidRegistration.register(fixed: pairs[i].fixed, moving: pairs[i].moving,
                                              initial: pairs[i].initial, options: options).residual
        }
    }
}
