import MotionCorrection
import MyoFlowCore

/// `--stages ABC`: the deep chain's window and PCA region with each stage's estimator chosen
/// (d network, i the iterative method's optimiser, x for stage 2 only: keep the stage-1 affine),
/// to find which stage a method's residual comes from. `ddd` is `--method deep`.
struct StageMix {
    let codes: [Character]

    init?(_ text: String) {
        let codes = Array(text)
        guard codes.count == 3, "di".contains(codes[0]), "dix".contains(codes[1]), "di".contains(codes[2]) else { return nil }
        self.codes = codes
    }

    func correct(_ series: ImageSeries, deep: DeepMotionCorrection, configuration: MotionCorrectionConfiguration) throws -> LVCentredResult {
        let spacing = series.geometry.spacing
        return try LVCentredMotionCorrection.correct(series, sideMm: deep.sideMm, lvCentre: nil) { crop, centre in
            corrector(deep: deep, configuration: deep.windowConfiguration(configuration, crop: crop, lvCentre: centre, spacing: spacing),
                      spacing: spacing, centre: centre)
        }
    }

    private func corrector(deep: DeepMotionCorrection, configuration: MotionCorrectionConfiguration,
                           spacing: PixelSpacing, centre: PixelPosition) -> any MotionCorrector {
        let region = configuration.region
        func stage3<A: AffineStageEstimator, B: AffineStageEstimator>(_ a: A, _ b: B) -> any MotionCorrector {
            codes[2] == "d"
                ? ThreeStageMotionCorrector(method: .deep, configuration: configuration, stage1: a, stage2: b,
                                            stage3: DeepNonRigidEstimator(network: deep.nonrigid, centre: centre, spacing: spacing,
                                                                                 gridPixelMm: deep.stage3GridPixelMm),
                                            pdAlignment: PDAlignment())
                : ThreeStageMotionCorrector(method: .deep, configuration: configuration, stage1: a, stage2: b,
                                            stage3: IterativeNonRigidEstimator(options: IterativeMotionCorrection.stage3Options),
                                            pdAlignment: PDAlignment())
        }
        func stage2<A: AffineStageEstimator>(_ a: A) -> any MotionCorrector {
            switch codes[1] {
            case "d": return stage3(a, DeepAffineEstimator(network: deep.affine2, centre: centre, spacing: spacing, inverseConsistent: false))
            case "x": return stage3(a, KeepInitialAffine())
            default: return stage3(a, IterativeAffineEstimator(options: IterativeMotionCorrection.stage2Options, mask: region))
            }
        }
        return codes[0] == "d"
            ? stage2(deep.stage1Estimator(centre: centre, spacing: spacing))
            : stage2(IterativeAffineEstimator(options: IterativeMotionCorrection.stage1Options, mask: region))
    }
}

/// A stage that keeps each pair's initial affine (no stage 2).
struct KeepInitialAffine: AffineStageEstimator {
    func estimate(_ pairs: [AffinePair]) throws -> [AffineTransform2D] { pairs.map(\.initial) }
}
