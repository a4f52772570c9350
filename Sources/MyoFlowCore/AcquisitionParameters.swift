/// Sequence parameters of one series (the high-res imaging sequence or the AIF sequence).
///
/// Times in milliseconds, angles in degrees, as in DICOM. `saturationTimeMs` (TS) is the delay
/// from the saturation pulse to the k-space centre (Siemens: InversionTime). nil means unknown:
/// the stage that needs a value says so and names the override.
public struct SequenceParameters: Sendable, Equatable, Codable {
    public var saturationTimeMs: Double?
    public var repetitionTimeMs: Double?
    public var echoTimeMs: Double?
    public var flipAngleDeg: Double?
    /// Flip angle of the PD frames (no saturation, low flip angle).
    public var pdFlipAngleDeg: Double?
    /// Excitations from the start of the readout to the k-space centre (centric model when nil).
    public var linesToCentre: Int?

    public init(
        saturationTimeMs: Double? = nil, repetitionTimeMs: Double? = nil, echoTimeMs: Double? = nil,
        flipAngleDeg: Double? = nil, pdFlipAngleDeg: Double? = nil, linesToCentre: Int? = nil
    ) {
        self.saturationTimeMs = saturationTimeMs
        self.repetitionTimeMs = repetitionTimeMs
        self.echoTimeMs = echoTimeMs
        self.flipAngleDeg = flipAngleDeg
        self.pdFlipAngleDeg = pdFlipAngleDeg
        self.linesToCentre = linesToCentre
    }
}

/// Study-level parameters needed for quantification.
public struct StudyParameters: Sendable, Equatable, Codable {
    /// Main field strength in tesla (1.5 or 3 in practice).
    public var fieldStrengthT: Double?
    /// Contrast dose in mmol/kg.
    public var doseMmolPerKg: Double?
    /// Haematocrit as a fraction (0.42 typical).
    public var haematocrit: Double
    /// "stress" or "rest", when known.
    public var stressState: String?

    public init(fieldStrengthT: Double? = nil, doseMmolPerKg: Double? = nil, haematocrit: Double = 0.42, stressState: String? = nil) {
        self.fieldStrengthT = fieldStrengthT
        self.doseMmolPerKg = doseMmolPerKg
        self.haematocrit = haematocrit
        self.stressState = stressState
    }
}
