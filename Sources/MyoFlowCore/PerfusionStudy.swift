/// A dual-sequence perfusion study as the stages see it.
///
/// `slices` are the high-res short-axis series ordered base → apex; `aif` is the low-res AIF
/// series when the study has one. Every automatic decision made while building the study is
/// recorded in `provenance`.
public struct PerfusionStudy: Sendable, Equatable {
    public var slices: [ImageSeries]
    public var aif: ImageSeries?
    public var parameters: StudyParameters
    public var provenance: Provenance
    /// DICOM StudyInstanceUID, or a generated one.
    public var studyInstanceUID: String
    /// Patient identifiers; only filled when the user asked to keep them (`--keep-identifiers`).
    public var identifiers: PatientIdentifiers?

    public init(
        slices: [ImageSeries], aif: ImageSeries? = nil, parameters: StudyParameters = StudyParameters(),
        provenance: Provenance = Provenance(), studyInstanceUID: String = "", identifiers: PatientIdentifiers? = nil
    ) throws {
        guard !slices.isEmpty else {
            throw CoreError.invalidValue(what: "PerfusionStudy", detail: "needs at least one high-res slice")
        }
        self.slices = slices
        self.aif = aif
        self.parameters = parameters
        self.provenance = provenance
        self.studyInstanceUID = studyInstanceUID
        self.identifiers = identifiers
    }
}

/// Patient identifiers, kept only on request; reports must escape them.
public struct PatientIdentifiers: Sendable, Equatable, Codable {
    public var patientName: String
    public var patientID: String
    public var studyDate: String

    public init(patientName: String = "", patientID: String = "", studyDate: String = "") {
        self.patientName = patientName
        self.patientID = patientID
        self.studyDate = studyDate
    }
}
