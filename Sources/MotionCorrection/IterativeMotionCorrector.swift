import MyoFlowCore

/// The iterative baseline (`--moco iterative`): the 3-stage scheme with optimisation-based
/// estimators. Stage 1 compares gradient-magnitude images (the reference frame has a different
/// contrast phase from most frames), stages 2 and 3 compare intensities with the PCA references
/// (same contrast by construction): NCC affine, then LNCC demons.
public enum IterativeMotionCorrection {
    public typealias Corrector = ThreeStageMotionCorrector<IterativeAffineEstimator, IterativeAffineEstimator, IterativeNonRigidEstimator>

    /// Default stage settings.
    public static let stage1Options = AffineRegistrationOptions(levels: 3, iterationsPerLevel: 80, initialStepPixels: 1.0,
                                                                feature: .gradientMagnitude(sigma: 1.5))
    public static let stage2Options = AffineRegistrationOptions(levels: 2, iterationsPerLevel: 60, initialStepPixels: 0.5)
    public static let stage3Options = NonRigidRegistrationOptions()

    /// The corrector with the default (or given) stage settings.
    public static func corrector(configuration: MotionCorrectionConfiguration = MotionCorrectionConfiguration(),
                                 stage1: AffineRegistrationOptions = stage1Options,
                                 stage2: AffineRegistrationOptions = stage2Options,
                                 stage3: NonRigidRegistrationOptions = stage3Options) -> Corrector {
        ThreeStageMotionCorrector(method: .iterative, configuration: configuration,
                                  stage1: IterativeAffineEstimator(options: stage1, mask: configuration.region),
                                  stage2: IterativeAffineEstimator(options: stage2, mask: configuration.region),
                                  stage3: IterativeNonRigidEstimator(options: stage3),
                                  pdAlignment: PDAlignment(mask: configuration.region))
    }
}
