import MyoFlowCore

/// The iterative baseline (`--moco iterative`): the 3-stage scheme with optimisation-based
/// estimators. Stage 1 maximises local NCC (9×9 windows at full resolution), which tolerates the
/// spatially varying contrast change between a frame and the reference frame (global NCC and
/// gradient-magnitude NCC both fail on pre-contrast frames against a peak-enhancement reference);
/// stage 2 maximises global NCC against the PCA reference (same contrast by construction); stage 3
/// is LNCC demons against the 2-component reference.
public enum IterativeMotionCorrection {
    public typealias Corrector = ThreeStageMotionCorrector<IterativeAffineEstimator, IterativeAffineEstimator, IterativeNonRigidEstimator>

    /// Default stage settings.
    public static let stage1Options = AffineRegistrationOptions(levels: 3, iterationsPerLevel: 80, initialStepPixels: 1.0,
                                                                metric: .lncc(radius: 4))
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
                                  pdAlignment: PDAlignment())
    }
}
