import Foundation
import AIF
import Anatomy
import CoilCorrection
import Kinetics
import MyoFlowCore

/// Motion correction requested for an analysis.
public enum MotionCorrectionChoice: String, Sendable, CaseIterable, Codable {
    /// Deep when its trained models exist, otherwise iterative (with a warning in the report).
    case automatic = "auto"
    case none, deep, iterative
}

/// Settings of one end-to-end analysis.
public struct AnalysisOptions: Sendable {
    public var motionCorrection: MotionCorrectionChoice = .automatic
    /// Folder holding the trained models (`affine1.h5`, `affine2.h5`, `nonrigid.h5`, `segmentation.h5`).
    public var modelsDirectory: String = AnalysisOptions.defaultModelsDirectory
    /// Keep patient identifiers in the report header (never in logs).
    public var keepIdentifiers = false
    public var fermi = FermiFitOptions()
    /// Surface-coil correction of the high-res slices: each pixel divided by its own mean PD
    /// (no smoothing), so ρ·B cancels exactly per pixel (physics-and-acquisition.md §2). A smoothed
    /// coil map mixes blood and myocardial proton density across the wall (CoilCorrection README,
    /// known limit): on the static phantom σ = 8 mm biased septal segments by −15…−20 % (MAE 11 %),
    /// per-pixel normalisation gave MAE 2.9 %.
    public var coilCorrection = SurfaceCoilCorrection.Options(smoothing: .none)
    /// AIF extraction settings. The AIF series' PD map is smoothed lightly (σ 2 mm, half a low-res
    /// pixel) only to keep the division stable in air; σ = 8 mm mixed myocardial PD into the blood
    /// pool's coil map and raised the AIF peak by ~4 %.
    public var aif: AIFExtraction.Options = {
        var o = AIFExtraction.Options()
        o.coil = SurfaceCoilCorrection.Options(smoothing: .gaussian(sigmaMm: 2))
        return o
    }()
    /// Fit every myocardial pixel (maps); off gives segment-mean fits only.
    public var pixelwiseFits = true
    /// Border margin removed from the myocardium before segment statistics and segment-mean
    /// curves (`BorderMargin`, `MyocardialCore`); `.steps(0)` keeps every pixel.
    public var borderMargin = BorderMargin.automatic
    /// The AHA level of each high-res slice, base → apex (`--levels`); nil: from the slice's place
    /// in the stack (`SliceLevels`). Its count must match the study's slices.
    public var sliceLevels: [SliceLevel]?
    /// A segment is flagged hypoperfused when its MBF (the segment median) is below this fraction
    /// of the remote reference (the 75th percentile of the 16 segment medians).
    public var hypoperfusionFraction = 0.7
    /// The LV centre of the high-res slices given by the user (native pixels, `--lv-centre`): the
    /// blood-pool search takes the LV there (`BloodPoolLocator.lvCentre`); nil: automatic. The
    /// finder passed to `run` gets it from `defaultAnatomyFinder(modelsDirectory:lvCentre:)`. With
    /// deep MoCo it also centres the AIF series' window, mapped through the DICOM geometry.
    public var lvCentre: PixelPosition?

    public init(motionCorrection: MotionCorrectionChoice = .automatic) { self.motionCorrection = motionCorrection }

    /// `$MYOFLOW_MODELS`, else `Models` in the current folder.
    public static var defaultModelsDirectory: String {
        ProcessInfo.processInfo.environment["MYOFLOW_MODELS"] ?? "Models"
    }
}
