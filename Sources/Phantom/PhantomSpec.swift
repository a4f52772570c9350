import Anatomy

/// Everything that defines one synthetic study. A value type: tests and the training-set mode
/// copy a named case and change fields. Every random choice derives from `seed`, through
/// independent sub-streams for anatomy, kinetics, motion and noise, so switching motion or noise
/// off leaves anatomy and contrast unchanged.
public struct PhantomSpec: Sendable, Equatable, Codable {
    public var name: String
    public var seed: UInt64

    // MARK: physiology
    /// "stress" or "rest".
    public var stressState: String
    public var fieldStrengthT: Double = 3
    public var doseMmolPerKg: Double = 0.05
    public var haematocrit: Double = 0.42
    public var heartRateBpm: Double
    /// Standard deviation of beat-to-beat RR variation, as a fraction of RR.
    public var rrJitterFraction: Double = 0.03

    // MARK: perfusion
    /// MBF of normal myocardium, ml/min/g (per-segment variation of ±5% is added).
    public var normalMBF: Double
    /// The ischaemic territory, nil for none.
    public var ischaemicTerritory: CoronaryTerritory?
    /// MBF of ischaemic myocardium at the endocardium and epicardium, ml/min/g.
    public var ischaemicEndoMBF: Double = 0.8
    public var ischaemicEpiMBF: Double = 1.5
    public var kineticModel: KineticModel = .fermi

    // MARK: acquisition
    public var pdFrameCount: Int = 3
    public var dynamicFrameCount: Int = 60
    public var imaging = SeriesSettings.imaging
    public var aif = SeriesSettings.aif
    /// Full readout-train signal model instead of the centric approximation.
    public var fullReadoutTrain = false

    // MARK: image quality
    /// Contrast-to-noise ratio of myocardium (peak minus baseline over σ) at unit coil gain; 0 = noiseless.
    public var contrastToNoise: Double = 30
    /// Standard deviation (pixels) of a Gaussian point-spread function applied to every frame
    /// before motion and noise; 0 keeps edges sharp (exact per-pixel signal, used by tests).
    public var pointSpreadSigmaPixels: Double = 0.5
    /// Surface-coil bias field on (false: uniform gain 1).
    public var coilBias = true
    public var motion = MotionSettings.none
    /// In-plane rotation of every series' field of view about its centre, degrees (`SliceGrid.rotation`:
    /// anatomy mm = R(θ)·image mm, so a positive angle turns the anatomy counter-clockwise on screen,
    /// rows down). The image content and the DICOM row/column directions turn together, so the
    /// anatomy keeps its patient (LPS) coordinates: what an operator gets by rotating the FOV at the
    /// scanner. 0: the RV on the image left, anterior up.
    public var fovRotationDeg: Double = 0

    /// Which tissue model generates the myocardial curves.
    public enum KineticModel: String, Sendable, Equatable, CaseIterable, Codable { case fermi, twoCompartment }

    public init(name: String, seed: UInt64, stressState: String, heartRateBpm: Double, normalMBF: Double) {
        self.name = name
        self.seed = seed
        self.stressState = stressState
        self.heartRateBpm = heartRateBpm
        self.normalMBF = normalMBF
    }

    /// A random FOV rotation for a seed, uniform over the whole circle, degrees in [−180, 180):
    /// its own stream (stream 6 of the seed), so it does not change the subject drawn from the seed.
    public static func randomFOVRotationDeg(seed: UInt64) -> Double {
        var g = SeededGenerator(seed: seed).derived(6)
        return g.uniform(-180, 180)
    }

    /// Checks ranges; throws naming the first bad field.
    public func validate() throws {
        guard (1...4).contains(fieldStrengthT) else { throw PhantomError.invalidParameter("fieldStrengthT \(fieldStrengthT) outside 1–4 T") }
        guard (30...200).contains(heartRateBpm) else { throw PhantomError.invalidParameter("heartRateBpm \(heartRateBpm) outside 30–200") }
        guard (1...8).contains(pdFrameCount) else { throw PhantomError.invalidParameter("pdFrameCount \(pdFrameCount) outside 1–8") }
        guard (10...200).contains(dynamicFrameCount) else { throw PhantomError.invalidParameter("dynamicFrameCount \(dynamicFrameCount) outside 10–200") }
        guard normalMBF > 0, normalMBF < 8, ischaemicEndoMBF > 0, ischaemicEpiMBF > 0 else {
            throw PhantomError.invalidParameter("MBF values must lie in (0, 8) ml/min/g")
        }
        guard (0..<0.8).contains(haematocrit) else { throw PhantomError.invalidParameter("haematocrit \(haematocrit)") }
        guard contrastToNoise >= 0 else { throw PhantomError.invalidParameter("contrastToNoise must be ≥ 0") }
        guard fovRotationDeg.isFinite else { throw PhantomError.invalidParameter("fovRotationDeg must be finite") }
        try imaging.validate("imaging")
        try aif.validate("aif")
    }
}

/// Matrix, resolution and sequence timing of one series kind.
public struct SeriesSettings: Sendable, Equatable, Codable {
    public var rows: Int
    public var columns: Int
    public var pixelMm: Double
    public var sliceThicknessMm: Double
    public var saturationTimeMs: Double
    public var flipAngleDeg: Double
    public var pdFlipAngleDeg: Double
    public var repetitionTimeMs: Double
    /// Excitations before the k-space centre (used by the full readout-train model).
    public var linesToCentre: Int

    public static let imaging = SeriesSettings(rows: 120, columns: 144, pixelMm: 2.0, sliceThicknessMm: 8,
                                               saturationTimeMs: 100, flipAngleDeg: 14, pdFlipAngleDeg: 5,
                                               repetitionTimeMs: 2.5, linesToCentre: 18)
    public static let aif = SeriesSettings(rows: 60, columns: 72, pixelMm: 4.0, sliceThicknessMm: 10,
                                           saturationTimeMs: 25, flipAngleDeg: 8, pdFlipAngleDeg: 8,
                                           repetitionTimeMs: 2.1, linesToCentre: 9)

    /// The same field of view with `mm` pixels (matrix rounded to whole pixels): the
    /// acquisition-resolution variants of the validation tools.
    public func withPixelSize(_ mm: Double) -> SeriesSettings {
        var s = self
        s.pixelMm = mm
        s.rows = Int((Double(rows) * pixelMm / mm).rounded())
        s.columns = Int((Double(columns) * pixelMm / mm).rounded())
        return s
    }

    func validate(_ what: String) throws {
        guard (16...512).contains(rows), (16...512).contains(columns) else {
            throw PhantomError.invalidParameter("\(what) matrix \(rows)×\(columns) outside 16–512")
        }
        guard pixelMm > 0.5, pixelMm < 10 else { throw PhantomError.invalidParameter("\(what) pixel size \(pixelMm) mm") }
        guard saturationTimeMs > 1, saturationTimeMs < 1000 else { throw PhantomError.invalidParameter("\(what) TS \(saturationTimeMs) ms") }
        guard Double(linesToCentre) * repetitionTimeMs < saturationTimeMs else {
            throw PhantomError.invalidParameter("\(what): linesToCentre × TR exceeds TS")
        }
    }
}

/// Respiratory and bulk motion of a study.
public struct MotionSettings: Sendable, Equatable, Codable {
    public enum Pattern: String, Sendable, Equatable, CaseIterable, Codable {
        /// No motion at all: every displacement field is exactly zero.
        case none
        /// Free breathing throughout, irregular period and depth, occasional deep breaths.
        case freeBreathing
        /// A breath-hold for the first part of the scan, then a gasp and shallow fast breathing.
        case breathHoldThenGasp
    }
    public var pattern: Pattern
    /// In-plane heart excursion of a normal breath, mm.
    public var amplitudeMm: Double
    /// Mean breathing period, s.
    public var periodS: Double
    /// Relative cycle-to-cycle variation of amplitude and period (0.3 = ±30%).
    public var irregularity: Double
    /// Probability that a cycle is a deep breath (1.5–2× amplitude).
    public var deepBreathProbability: Double
    /// Rotation at full normal inspiration, degrees.
    public var rotationDeg: Double
    /// Relative scale change at full normal inspiration (through-plane emulation).
    public var scaleFraction: Double
    /// Amplitude of the smooth non-rigid deformation at full normal inspiration, mm.
    public var nonRigidMm: Double
    /// Fraction of dynamic frames acquired in the wrong cardiac phase.
    public var mistriggerFraction: Double
    /// Breath-hold duration for `breathHoldThenGasp`, s.
    public var breathHoldS: Double

    public static let none = MotionSettings(pattern: .none, amplitudeMm: 0, periodS: 4, irregularity: 0, deepBreathProbability: 0,
                                            rotationDeg: 0, scaleFraction: 0, nonRigidMm: 0, mistriggerFraction: 0, breathHoldS: 0)
    public static let moderate = MotionSettings(pattern: .freeBreathing, amplitudeMm: 8, periodS: 4, irregularity: 0.25,
                                                deepBreathProbability: 0.1, rotationDeg: 2, scaleFraction: 0.02, nonRigidMm: 1.5,
                                                mistriggerFraction: 0, breathHoldS: 0)
}
