import Foundation
import MyoFlowCore
import Preprocessing

/// The deep method (`--moco deep`): the 3-stage scheme with network estimators — GlobalNet
/// `affine1.h5` (stage 1, native frame → reference frame), GlobalNet `affine2.h5` (stage 2,
/// → 3-component PCA reference) and LocalNet `nonrigid.h5` (stage 3, → 2-component PCA
/// reference) — each on its own grid around the LV centre (`RegistrationGrid`). PD frames,
/// outliers and the output are shared with the iterative method (`ThreeStageMotionCorrector`).
///
/// Load once (`load`), then correct any number of series; the networks are immutable and their
/// sessions serialise concurrent runs.
public struct DeepMotionCorrection: Sendable {
    public typealias Corrector = ThreeStageMotionCorrector<DeepAffineEstimator, DeepAffineEstimator, DeepNonRigidEstimator>

    /// The model files, in stage order.
    public static let modelFiles = ["affine1.h5", "affine2.h5", "nonrigid.h5"]
    /// Default window side, mm: covers the affine networks' 128 × 1.5 mm = 192 mm grid (the
    /// iterative method keeps `LVCentredMotionCorrection.defaultSideMm`).
    public static let defaultSideMm = 200.0
    /// Default side of the square around the LV where the PCA references are fitted, outliers
    /// scored and PD frames aligned, mm: the iterative method's window, so both share that region.
    public static let defaultRegionSideMm = 128.0

    public let affine1: RegistrationNetwork
    public let affine2: RegistrationNetwork
    public let nonrigid: RegistrationNetwork
    /// Window side, mm.
    public var sideMm = defaultSideMm
    /// Side of the PCA / outlier / PD region around the LV, mm; nil uses the whole window.
    public var regionSideMm: Double? = defaultRegionSideMm
    /// Stage 1 registers each pair both ways and averages (`DeepAffineEstimator.inverseConsistent`).
    /// Measured (`MocoValidation --method deep`, seeds 9001–9004, affine1 at step 6,000): 0.61 → 0.47 px for
    /// +1.2 s per study; stage 2 both ways gained nothing (0.47 px) for another +1.3 s, so it stays one-way.
    public var inverseConsistentStage1 = true
    /// Stage-1 pairs whose estimate moved the LV centre more than this (mm) are registered once
    /// more from it (`DeepAffineEstimator.refineAboveMm`); nil: one pass. Chosen on validation
    /// studies (`MocoValidation --method deep --studies 10 --seed 7601`, pooled px / worst slice):
    /// one pass 0.541 / 1.54; every pair twice 0.512 / 1.15 for +2.2 s per study (and a worse median
    /// slice, 0.43 → 0.46: a second estimate of a small motion adds its own error); above 4 mm 0.508
    /// / 1.16; above 8 mm 0.504 / 1.14 for +0.5 s; above 12 mm 0.528 / 1.25.
    public var stage1RefineAboveMm: Double? = 8
    /// Pixel size of the non-rigid network's grid at inference, mm; nil: the grid it was trained
    /// on (1.5 mm for the shipped `nonrigid.h5`, a 144 mm square). At 1.0 mm the same 96 pixels
    /// cover 96 mm around the LV: the heart and its surroundings, enough for a dilated LV. Measured
    /// (`MocoValidation --method deep --stage3-grid-mm`, seeds 9001–9004, pooled residual): 1.5 mm
    /// 0.438 px, 1.2 mm 0.414, 1.0 mm 0.393, 0.8 mm 0.380 (77 mm, too tight for a large heart).
    public var stage3GridPixelMm: Double? = defaultStage3GridPixelMm
    public static let defaultStage3GridPixelMm = 1.0

    public init(affine1: RegistrationNetwork, affine2: RegistrationNetwork, nonrigid: RegistrationNetwork) {
        self.affine1 = affine1
        self.affine2 = affine2
        self.nonrigid = nonrigid
    }

    /// Loads the three networks from `folder`. Throws `modelsMissing` naming every absent file and
    /// `modelInvalid` naming a file that is not a usable registration network; both point at
    /// `--moco iterative`.
    public static func load(modelsDirectory folder: String, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> DeepMotionCorrection {
        let paths = modelFiles.map { (folder as NSString).appendingPathComponent($0) }
        let missing = zip(modelFiles, paths).filter { !FileManager.default.isReadableFile(atPath: $0.1) }.map(\.0)
        guard missing.isEmpty else { throw MotionCorrectionError.modelsMissing(folder: folder, files: missing) }
        let networks = try paths.map { try RegistrationNetwork.load(path: $0, workers: workers) }
        for (network, architecture) in zip(networks, ["GlobalNet", "GlobalNet", "LocalNet"]) where network.network.config.architecture.rawValue != architecture {
            throw MotionCorrectionError.modelInvalid(file: network.name, problem: "it is a \(network.network.config.architecture.rawValue), this stage needs a \(architecture)")
        }
        return DeepMotionCorrection(affine1: networks[0], affine2: networks[1], nonrigid: networks[2])
    }

    /// The folder holding all three model files: `directory` when it has them; otherwise, when
    /// `searchOtherFolders`, the first of `ModelLocator`'s folders (beside the executable, the
    /// package's Models/) that has them; nil when none does.
    public static func locateModels(in directory: String, searchOtherFolders: Bool) -> String? {
        func complete(_ folder: String) -> Bool {
            modelFiles.allSatisfy { FileManager.default.isReadableFile(atPath: (folder as NSString).appendingPathComponent($0)) }
        }
        if complete(directory) { return directory }
        guard searchOtherFolders else { return nil }
        return ModelLocator.candidates(name: modelFiles[0]).map { ($0 as NSString).deletingLastPathComponent }.first(where: complete)
    }

    /// The corrector of one window: `spacing` its pixel spacing, `lvCentre` the LV centre in
    /// window pixels (the networks' grid centre); `configuration.region` must be on the window grid.
    public func corrector(spacing: PixelSpacing, lvCentre: PixelPosition,
                          configuration: MotionCorrectionConfiguration = MotionCorrectionConfiguration()) -> Corrector {
        ThreeStageMotionCorrector(method: .deep, configuration: configuration,
                                  stage1: stage1Estimator(centre: lvCentre, spacing: spacing),
                                  stage2: DeepAffineEstimator(network: affine2, centre: lvCentre, spacing: spacing, inverseConsistent: false),
                                  stage3: DeepNonRigidEstimator(network: nonrigid, centre: lvCentre, spacing: spacing, gridPixelMm: stage3GridPixelMm),
                                  pdAlignment: PDAlignment())
    }

    /// The stage-1 estimator around `centre` (window pixels) with this chain's settings.
    public func stage1Estimator(centre: PixelPosition, spacing: PixelSpacing) -> DeepAffineEstimator {
        DeepAffineEstimator(network: affine1, centre: centre, spacing: spacing, inverseConsistent: inverseConsistentStage1,
                            refineAboveMm: stage1RefineAboveMm)
    }

    /// Side of the square the non-rigid network sees at inference (its grid), mm. PD frames are
    /// matched to the corrected series there: outside it the deep fields taper to the affine, so
    /// the corrected frames' surroundings are not aligned as well as the heart, and an LNCC over
    /// the whole 128 mm region (0.498 px on the validation studies, target the temporal mean) or
    /// the 200 mm window (0.646) follows them; 96 mm (this square at 1.0 mm): 0.446; 110 mm 0.477;
    /// 72 mm 0.601 (too little context).
    public var stage3SideMm: Double { Double(nonrigid.gridSize) * (stage3GridPixelMm ?? nonrigid.gridPixelMm) }

    /// Corrects one series in a `sideMm` window around `lvCentre` (native pixels; found by
    /// `BloodPoolLocator` when nil, the image centre when no LV is found) and maps the result to
    /// the native grid. `configuration.region` is replaced by the `regionSideMm` square.
    public func correct(_ series: ImageSeries, lvCentre: PixelPosition? = nil,
                        configuration: MotionCorrectionConfiguration = MotionCorrectionConfiguration(),
                        progress: any ProgressSink = SilentProgress()) throws -> LVCentredResult {
        let spacing = series.geometry.spacing
        guard spacing.isValid else {
            throw MotionCorrectionError.invalidParameter(name: "pixel spacing", detail: "series '\(series.displayName)' has spacing \(spacing.rowMm)×\(spacing.columnMm) mm; deep motion correction needs the pixel size")
        }
        return try LVCentredMotionCorrection.correct(series, sideMm: sideMm, lvCentre: lvCentre, progress: progress) { crop, centre in
            corrector(spacing: spacing, lvCentre: centre, configuration: windowConfiguration(configuration, crop: crop, lvCentre: centre, spacing: spacing))
        }
    }

    /// `configuration` for the window `crop` (LV centre `lvCentre` in window pixels): its region
    /// becomes the `regionSideMm` square around the LV (nil: the whole window), its PD region the
    /// `stage3SideMm` square.
    public func windowConfiguration(_ configuration: MotionCorrectionConfiguration, crop: MocoCrop, lvCentre: PixelPosition,
                                    spacing: PixelSpacing) -> MotionCorrectionConfiguration {
        var configured = configuration
        configured.region = regionSideMm.map { Self.region(around: lvCentre, sideMm: $0, spacing: spacing, rows: crop.rows, columns: crop.columns) }
        configured.pdRegion = Self.region(around: lvCentre, sideMm: stage3SideMm, spacing: spacing, rows: crop.rows, columns: crop.columns)
        return configured
    }

    /// A square of `sideMm` around `centre` on a rows × columns grid (shifted and clipped to it).
    static func region(around centre: PixelPosition, sideMm: Double, spacing: PixelSpacing, rows: Int, columns: Int) -> Mask {
        let box = MocoCrop(centre: centre, spacing: spacing, imageRows: rows, imageColumns: columns, sideMm: sideMm)
        var values = [Bool](repeating: false, count: rows * columns)
        for r in box.row0..<(box.row0 + box.rows) {
            for c in box.column0..<(box.column0 + box.columns) { values[r * columns + c] = true }
        }
        return Mask(rows: rows, columns: columns, values: values)
    }
}
