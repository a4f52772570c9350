import Foundation
import Kinetics

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
    /// Fit every myocardial pixel (maps); off gives segment-mean fits only.
    public var pixelwiseFits = true
    /// A segment is flagged hypoperfused when its mean MBF is below this fraction of the remote
    /// reference (the 75th percentile of the 16 segment means).
    public var hypoperfusionFraction = 0.7

    public init(motionCorrection: MotionCorrectionChoice = .automatic) { self.motionCorrection = motionCorrection }

    /// `$MYOFLOW_MODELS`, else `Models` in the current folder.
    public static var defaultModelsDirectory: String {
        ProcessInfo.processInfo.environment["MYOFLOW_MODELS"] ?? "Models"
    }
}
