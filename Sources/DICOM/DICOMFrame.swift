import MyoFlowCore

/// One 2-D image of a DICOM file with the attributes ingest needs, resolved for its frame
/// (enhanced MR: per-frame functional group, then shared group, then top level).
///
/// Identifiers (`patientName`, `patientID`, `studyDate`) are carried so that ingest can keep them
/// on request; they must never be logged.
public struct DICOMFrame: Sendable {
    public var sourcePath: String
    /// 0-based frame index within its file (0 for single-frame files).
    public var frameInFile: Int
    public var framesInFile: Int
    public var transferSyntax: TransferSyntax
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var sopInstanceUID: String
    public var seriesNumber: Int?
    public var seriesDescription: String
    public var instanceNumber: Int?
    public var manufacturer: String
    public var rows: Int
    public var columns: Int
    public var pixelSpacing: PixelSpacing?
    /// ImagePositionPatient (mm, LPS).
    public var position: SIMD3<Double>?
    /// ImageOrientationPatient row and column direction cosines.
    public var rowDirection: SIMD3<Double>?
    public var columnDirection: SIMD3<Double>?
    public var sliceThicknessMm: Double?
    public var sliceLocation: Double?
    /// AcquisitionDateTime (classic) or FrameAcquisitionDateTime (enhanced).
    public var acquisitionDateTime: DICOMTimestamp?
    /// AcquisitionTime, with AcquisitionDate when stored.
    public var acquisitionTime: DICOMTimestamp?
    /// ContentTime, with ContentDate when stored.
    public var contentTime: DICOMTimestamp?
    public var triggerTimeMs: Double?
    public var flipAngleDeg: Double?
    public var inversionTimeMs: Double?
    public var repetitionTimeMs: Double?
    public var echoTimeMs: Double?
    public var magneticFieldStrengthT: Double?
    public var patientName: String
    public var patientID: String
    public var studyDate: String
    /// Modality values (rescaled), rows × columns, row-major.
    public var pixels: [Float]

    /// Mean pixel value (used for PD detection).
    public var meanIntensity: Double {
        guard !pixels.isEmpty else { return 0 }
        var sum = 0.0
        pixels.withUnsafeBufferPointer { p in for v in p { sum += Double(v) } }
        return sum / Double(pixels.count)
    }
}

public extension DICOMFrame {
    /// All frames of a parsed file, pixels decoded and rescaled. Throws when the pixel module is
    /// missing, inconsistent, compressed or truncated.
    static func frames(of file: DICOMFile) throws -> [DICOMFrame] {
        let layout = try DICOMPixelDecoder.layout(of: file)
        let stored = try DICOMPixelDecoder.storedValues(of: file, layout: layout)
        let ds = file.dataSet
        let shared = ds.items(.sharedFunctionalGroupsSequence).first
        let perFrame = ds.items(.perFrameFunctionalGroupsSequence)
        if layout.frames > 1, !perFrame.isEmpty, perFrame.count != layout.frames {
            throw DICOMError.malformed(path: file.path, tag: .perFrameFunctionalGroupsSequence, offset: 0,
                                       detail: "\(perFrame.count) per-frame functional group items for \(layout.frames) frames")
        }
        let perPixel = layout.rows * layout.columns
        let sopUID = ds.string(.sopInstanceUID) ?? file.meta.string(.mediaStorageSOPInstanceUID) ?? ""
        var result: [DICOMFrame] = []
        result.reserveCapacity(layout.frames)
        for f in 0..<layout.frames {
            let groups = FunctionalGroups(top: ds, perFrame: f < perFrame.count ? perFrame[f] : nil, shared: shared)
            let slope = groups.double(.rescaleSlope, in: .pixelValueTransformationSequence) ?? 1
            let intercept = groups.double(.rescaleIntercept, in: .pixelValueTransformationSequence) ?? 0
            let start = f * perPixel
            var pixels = layout.frames == 1 ? stored : Array(stored[start..<start + perPixel])
            if slope != 1 || intercept != 0 {
                let s = Float(slope), b = Float(intercept)
                for i in pixels.indices { pixels[i] = pixels[i] * s + b }
            }
            let spacing = groups.doubles(.pixelSpacing, in: .pixelMeasuresSequence).flatMap { v -> PixelSpacing? in
                guard v.count >= 2 else { return nil }
                let p = PixelSpacing(rowMm: v[0], columnMm: v[1])
                return p.isValid ? p : nil
            }
            let ipp = groups.doubles(.imagePositionPatient, in: .planePositionSequence).flatMap { $0.count >= 3 ? SIMD3($0[0], $0[1], $0[2]) : nil }
            let iop = groups.doubles(.imageOrientationPatient, in: .planeOrientationSequence).flatMap { $0.count >= 6 ? $0 : nil }
            var frame = DICOMFrame(
                sourcePath: file.path, frameInFile: f, framesInFile: layout.frames, transferSyntax: file.transferSyntax,
                studyInstanceUID: ds.string(.studyInstanceUID) ?? "",
                seriesInstanceUID: ds.string(.seriesInstanceUID) ?? "",
                sopInstanceUID: sopUID,
                seriesNumber: ds.int(.seriesNumber),
                seriesDescription: ds.string(.seriesDescription) ?? "",
                instanceNumber: ds.int(.instanceNumber),
                manufacturer: ds.string(.manufacturer) ?? "",
                rows: layout.rows, columns: layout.columns, pixelSpacing: spacing, position: ipp,
                rowDirection: iop.map { SIMD3($0[0], $0[1], $0[2]) }, columnDirection: iop.map { SIMD3($0[3], $0[4], $0[5]) },
                sliceThicknessMm: groups.double(.sliceThickness, in: .pixelMeasuresSequence),
                sliceLocation: ds.double(.sliceLocation),
                acquisitionDateTime: nil, acquisitionTime: nil, contentTime: nil,
                triggerTimeMs: ds.double(.triggerTime),
                flipAngleDeg: groups.double(.flipAngle, in: .mrTimingAndRelatedParametersSequence),
                inversionTimeMs: groups.double(.inversionTimes, in: .mrModifierSequence) ?? ds.double(.inversionTime),
                repetitionTimeMs: groups.double(.repetitionTime, in: .mrTimingAndRelatedParametersSequence),
                echoTimeMs: groups.double(.effectiveEchoTime, in: .mrEchoSequence) ?? ds.double(.echoTime),
                magneticFieldStrengthT: ds.double(.magneticFieldStrength),
                patientName: ds.string(.patientName) ?? "", patientID: ds.string(.patientID) ?? "",
                studyDate: ds.string(.studyDate) ?? "",
                pixels: pixels)
            if let dt = groups.string(.frameAcquisitionDateTime, in: .frameContentSequence) ?? ds.string(.acquisitionDateTime) {
                frame.acquisitionDateTime = DICOMTimestamp.parseDT(dt)
            }
            frame.acquisitionTime = timestamp(date: ds.string(.acquisitionDate), time: ds.string(.acquisitionTime))
            frame.contentTime = timestamp(date: ds.string(.contentDate), time: ds.string(.contentTime))
            if layout.frames > 1 {
                // Enhanced MR: file-level times describe the whole file, not the frame.
                frame.acquisitionTime = nil
                frame.contentTime = nil
            }
            result.append(frame)
        }
        return result
    }

    private static func timestamp(date: String?, time: String?) -> DICOMTimestamp? {
        guard let time, let seconds = DICOMTimestamp.parseTM(time) else { return nil }
        return DICOMTimestamp(dayNumber: date.flatMap(DICOMTimestamp.parseDA), secondsOfDay: seconds)
    }
}

/// Attribute lookup through enhanced-MR functional groups: the per-frame item's macro sequence,
/// then the shared one, then the top-level data set.
struct FunctionalGroups {
    let top: DICOMDataSet
    let perFrame: DICOMDataSet?
    let shared: DICOMDataSet?

    func doubles(_ tag: DICOMTag, in sequence: DICOMTag) -> [Double]? {
        for group in [perFrame, shared] {
            if let item = group?.items(sequence).first, let v = item.doubles(tag) { return v }
        }
        return top.doubles(tag)
    }

    func double(_ tag: DICOMTag, in sequence: DICOMTag) -> Double? { doubles(tag, in: sequence)?.first }

    func string(_ tag: DICOMTag, in sequence: DICOMTag) -> String? {
        for group in [perFrame, shared] {
            if let item = group?.items(sequence).first, let v = item.string(tag) { return v }
        }
        return top.string(tag)
    }
}
