/// The VRs of the standard tags MyoFlow reads, so implicit-VR data sets decode the same way as
/// explicit ones (implicit VR carries no VR on the wire). Unknown tags read as `UN`.
enum DICOMDictionary {
    static func vr(for tag: DICOMTag) -> DICOMVR {
        if tag.element == 0x0000 { return .UL }  // group lengths
        if DICOMTag.knownSequences.contains(tag) { return .SQ }
        return table[tag] ?? .UN
    }

    private static let table: [DICOMTag: DICOMVR] = [
        .fileMetaInformationGroupLength: .UL, .transferSyntaxUID: .UI, .specificCharacterSet: .CS,
        .imageType: .CS, .sopClassUID: .UI, .sopInstanceUID: .UI, .studyDate: .DA, .seriesDate: .DA,
        .acquisitionDate: .DA, .contentDate: .DA, .acquisitionDateTime: .DT, .studyTime: .TM,
        .acquisitionTime: .TM, .contentTime: .TM, .modality: .CS, .manufacturer: .LO,
        .seriesDescription: .LO, .patientName: .PN, .patientID: .LO, .scanningSequence: .CS,
        .sliceThickness: .DS, .repetitionTime: .DS, .echoTime: .DS, .inversionTime: .DS,
        .magneticFieldStrength: .DS, .triggerTime: .DS, .flipAngle: .DS,
        .frameAcquisitionDateTime: .DT, .inversionTimes: .FD, .effectiveEchoTime: .FD,
        .frameReferenceDateTime: .DT, .studyInstanceUID: .UI, .seriesInstanceUID: .UI,
        .seriesNumber: .IS, .acquisitionNumber: .IS, .instanceNumber: .IS,
        .imagePositionPatient: .DS, .imageOrientationPatient: .DS, .frameOfReferenceUID: .UI,
        .sliceLocation: .DS, .inStackPositionNumber: .UL, .temporalPositionIndex: .UL,
        .samplesPerPixel: .US, .photometricInterpretation: .CS, .numberOfFrames: .IS,
        .rows: .US, .columns: .US, .pixelSpacing: .DS, .bitsAllocated: .US, .bitsStored: .US,
        .highBit: .US, .pixelRepresentation: .US, .rescaleIntercept: .DS, .rescaleSlope: .DS,
        .pixelData: .OW,
        DICOMTag(0x0018, 0x9073): .FD,  // AcquisitionDuration
        DICOMTag(0x0018, 0x9220): .FD,  // FrameAcquisitionDuration
        DICOMTag(0x0020, 0x9056): .SH,  // StackID
        DICOMTag(0x0020, 0x9157): .UL,  // DimensionIndexValues
    ]
}
