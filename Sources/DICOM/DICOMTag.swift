/// A DICOM attribute tag (group, element).
public struct DICOMTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let group: UInt16
    public let element: UInt16

    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    /// Group and element packed as `group << 16 | element` (the DICOM ordering key).
    public var packed: UInt32 { UInt32(group) << 16 | UInt32(element) }

    /// Private tags have an odd group number.
    public var isPrivate: Bool { group & 1 == 1 }

    public static func < (a: DICOMTag, b: DICOMTag) -> Bool { a.packed < b.packed }

    /// "(0028,0010)".
    public var description: String {
        "(" + hex4(group) + "," + hex4(element) + ")"
    }
}

private func hex4(_ v: UInt16) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// Tags MyoFlow reads or writes. Names follow the DICOM standard keywords.
public extension DICOMTag {
    // File meta information
    static let fileMetaInformationGroupLength = DICOMTag(0x0002, 0x0000)
    static let fileMetaInformationVersion = DICOMTag(0x0002, 0x0001)
    static let mediaStorageSOPClassUID = DICOMTag(0x0002, 0x0002)
    static let mediaStorageSOPInstanceUID = DICOMTag(0x0002, 0x0003)
    static let transferSyntaxUID = DICOMTag(0x0002, 0x0010)
    static let implementationClassUID = DICOMTag(0x0002, 0x0012)
    // Identification
    static let specificCharacterSet = DICOMTag(0x0008, 0x0005)
    static let imageType = DICOMTag(0x0008, 0x0008)
    static let sopClassUID = DICOMTag(0x0008, 0x0016)
    static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    static let studyDate = DICOMTag(0x0008, 0x0020)
    static let seriesDate = DICOMTag(0x0008, 0x0021)
    static let acquisitionDate = DICOMTag(0x0008, 0x0022)
    static let contentDate = DICOMTag(0x0008, 0x0023)
    static let acquisitionDateTime = DICOMTag(0x0008, 0x002A)
    static let studyTime = DICOMTag(0x0008, 0x0030)
    static let acquisitionTime = DICOMTag(0x0008, 0x0032)
    static let contentTime = DICOMTag(0x0008, 0x0033)
    static let modality = DICOMTag(0x0008, 0x0060)
    static let manufacturer = DICOMTag(0x0008, 0x0070)
    static let seriesDescription = DICOMTag(0x0008, 0x103E)
    static let patientName = DICOMTag(0x0010, 0x0010)
    static let patientID = DICOMTag(0x0010, 0x0020)
    // Acquisition
    static let scanningSequence = DICOMTag(0x0018, 0x0020)
    static let sliceThickness = DICOMTag(0x0018, 0x0050)
    static let repetitionTime = DICOMTag(0x0018, 0x0080)
    static let echoTime = DICOMTag(0x0018, 0x0081)
    static let inversionTime = DICOMTag(0x0018, 0x0082)
    static let magneticFieldStrength = DICOMTag(0x0018, 0x0087)
    static let triggerTime = DICOMTag(0x0018, 0x1060)
    static let flipAngle = DICOMTag(0x0018, 0x1314)
    static let frameAcquisitionDateTime = DICOMTag(0x0018, 0x9074)
    static let inversionTimes = DICOMTag(0x0018, 0x9079)
    static let effectiveEchoTime = DICOMTag(0x0018, 0x9082)
    static let mrTimingAndRelatedParametersSequence = DICOMTag(0x0018, 0x9112)
    static let mrEchoSequence = DICOMTag(0x0018, 0x9114)
    static let mrModifierSequence = DICOMTag(0x0018, 0x9115)
    static let frameReferenceDateTime = DICOMTag(0x0018, 0x9151)
    // Relationship and geometry
    static let studyInstanceUID = DICOMTag(0x0020, 0x000D)
    static let seriesInstanceUID = DICOMTag(0x0020, 0x000E)
    static let seriesNumber = DICOMTag(0x0020, 0x0011)
    static let acquisitionNumber = DICOMTag(0x0020, 0x0012)
    static let instanceNumber = DICOMTag(0x0020, 0x0013)
    static let imagePositionPatient = DICOMTag(0x0020, 0x0032)
    static let imageOrientationPatient = DICOMTag(0x0020, 0x0037)
    static let frameOfReferenceUID = DICOMTag(0x0020, 0x0052)
    static let sliceLocation = DICOMTag(0x0020, 0x1041)
    static let inStackPositionNumber = DICOMTag(0x0020, 0x9057)
    static let frameContentSequence = DICOMTag(0x0020, 0x9111)
    static let planePositionSequence = DICOMTag(0x0020, 0x9113)
    static let planeOrientationSequence = DICOMTag(0x0020, 0x9116)
    static let temporalPositionIndex = DICOMTag(0x0020, 0x9128)
    // Image pixel
    static let samplesPerPixel = DICOMTag(0x0028, 0x0002)
    static let photometricInterpretation = DICOMTag(0x0028, 0x0004)
    static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    static let rows = DICOMTag(0x0028, 0x0010)
    static let columns = DICOMTag(0x0028, 0x0011)
    static let pixelSpacing = DICOMTag(0x0028, 0x0030)
    static let bitsAllocated = DICOMTag(0x0028, 0x0100)
    static let bitsStored = DICOMTag(0x0028, 0x0101)
    static let highBit = DICOMTag(0x0028, 0x0102)
    static let pixelRepresentation = DICOMTag(0x0028, 0x0103)
    static let rescaleIntercept = DICOMTag(0x0028, 0x1052)
    static let rescaleSlope = DICOMTag(0x0028, 0x1053)
    static let pixelMeasuresSequence = DICOMTag(0x0028, 0x9110)
    static let pixelValueTransformationSequence = DICOMTag(0x0028, 0x9145)
    static let sharedFunctionalGroupsSequence = DICOMTag(0x5200, 0x9229)
    static let perFrameFunctionalGroupsSequence = DICOMTag(0x5200, 0x9230)
    static let pixelData = DICOMTag(0x7FE0, 0x0010)
    // Sequence delimiters
    static let item = DICOMTag(0xFFFE, 0xE000)
    static let itemDelimitation = DICOMTag(0xFFFE, 0xE00D)
    static let sequenceDelimitation = DICOMTag(0xFFFE, 0xE0DD)

    /// Standard sequence tags a defined-length implicit-VR element must be parsed as (implicit VR
    /// carries no VR, so sequences are recognised from this list or an undefined length).
    static let knownSequences: Set<DICOMTag> = [
        .mrTimingAndRelatedParametersSequence, .mrEchoSequence, .mrModifierSequence,
        .frameContentSequence, .planePositionSequence, .planeOrientationSequence,
        .pixelMeasuresSequence, .pixelValueTransformationSequence,
        .sharedFunctionalGroupsSequence, .perFrameFunctionalGroupsSequence,
        DICOMTag(0x0008, 0x1140), DICOMTag(0x0008, 0x1115), DICOMTag(0x0008, 0x9092),
        DICOMTag(0x0018, 0x9006), DICOMTag(0x0018, 0x9042), DICOMTag(0x0018, 0x9107),
        DICOMTag(0x0018, 0x9118), DICOMTag(0x0018, 0x9119), DICOMTag(0x0018, 0x9125),
        DICOMTag(0x0018, 0x9226), DICOMTag(0x0020, 0x9071), DICOMTag(0x0020, 0x9221),
        DICOMTag(0x0020, 0x9222), DICOMTag(0x0028, 0x9132), DICOMTag(0x0040, 0x0275),
    ]
}
