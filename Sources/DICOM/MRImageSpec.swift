import MyoFlowCore

/// Everything needed to write one perfusion frame as a classic MR Image Storage instance.
///
/// Pixel values are modality values; they are stored as integers (`encoding`) through
/// RescaleSlope/Intercept: stored = round((value − intercept) / slope), clamped to the type.
public struct MRImageSpec: Sendable {
    public enum PixelEncoding: Sendable, Equatable {
        case uint8, int8, uint16, int16
        var bits: Int { self == .uint8 || self == .int8 ? 8 : 16 }
        var signed: Bool { self == .int8 || self == .int16 }
        var range: ClosedRange<Double> {
            switch self {
            case .uint8: return 0...255
            case .int8: return -128...127
            case .uint16: return 0...65535
            case .int16: return -32768...32767
            }
        }
    }

    public static let mrImageStorage = "1.2.840.10008.5.1.4.1.1.4"
    public static let enhancedMRImageStorage = "1.2.840.10008.5.1.4.1.1.4.1"

    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var sopInstanceUID: String
    public var seriesNumber: Int
    public var instanceNumber: Int
    public var seriesDescription: String
    public var rows: Int
    public var columns: Int
    /// Modality values, rows × columns, row-major.
    public var pixels: [Float]
    public var geometry: SliceGeometry
    /// Days since 1970-01-01 of the acquisition (nil: no dates written).
    public var acquisitionDayNumber: Int?
    /// Acquisition time in seconds of day (wrapped past midnight when written).
    public var acquisitionSecondsOfDay: Double
    public var triggerTimeMs: Double?
    public var flipAngleDeg: Double?
    /// Saturation time, written as InversionTime (Siemens convention).
    public var saturationTimeMs: Double?
    public var repetitionTimeMs: Double?
    public var echoTimeMs: Double?
    public var magneticFieldStrengthT: Double?
    public var manufacturer: String
    public var patientName: String
    public var patientID: String
    public var encoding: PixelEncoding
    public var rescaleSlope: Double
    public var rescaleIntercept: Double
    /// Which time tags to write; tests drop some to exercise the fallbacks.
    public var writeAcquisitionTime: Bool
    public var writeContentTime: Bool
    public var writeAcquisitionDateTime: Bool

    public init(
        studyInstanceUID: String, seriesInstanceUID: String, sopInstanceUID: String,
        seriesNumber: Int, instanceNumber: Int, seriesDescription: String = "",
        rows: Int, columns: Int, pixels: [Float], geometry: SliceGeometry,
        acquisitionDayNumber: Int? = 20_454, acquisitionSecondsOfDay: Double,
        triggerTimeMs: Double? = nil, flipAngleDeg: Double? = nil, saturationTimeMs: Double? = nil,
        repetitionTimeMs: Double? = nil, echoTimeMs: Double? = nil, magneticFieldStrengthT: Double? = nil,
        manufacturer: String = "MyoFlow", patientName: String = "ANONYMOUS", patientID: String = "0",
        encoding: PixelEncoding = .uint16, rescaleSlope: Double = 1, rescaleIntercept: Double = 0,
        writeAcquisitionTime: Bool = true, writeContentTime: Bool = true, writeAcquisitionDateTime: Bool = false
    ) {
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.seriesNumber = seriesNumber
        self.instanceNumber = instanceNumber
        self.seriesDescription = seriesDescription
        self.rows = rows
        self.columns = columns
        self.pixels = pixels
        self.geometry = geometry
        self.acquisitionDayNumber = acquisitionDayNumber
        self.acquisitionSecondsOfDay = acquisitionSecondsOfDay
        self.triggerTimeMs = triggerTimeMs
        self.flipAngleDeg = flipAngleDeg
        self.saturationTimeMs = saturationTimeMs
        self.repetitionTimeMs = repetitionTimeMs
        self.echoTimeMs = echoTimeMs
        self.magneticFieldStrengthT = magneticFieldStrengthT
        self.manufacturer = manufacturer
        self.patientName = patientName
        self.patientID = patientID
        self.encoding = encoding
        self.rescaleSlope = rescaleSlope
        self.rescaleIntercept = rescaleIntercept
        self.writeAcquisitionTime = writeAcquisitionTime
        self.writeContentTime = writeContentTime
        self.writeAcquisitionDateTime = writeAcquisitionDateTime
    }

    /// The classic MR Image Storage data set of this frame (little-endian values).
    public func dataSet() -> DICOMDataSet {
        var ds = DICOMDataSet()
        commonAttributes(into: &ds, sopClass: MRImageSpec.mrImageStorage)
        ds.set(.imageType, .CS, "ORIGINAL\\PRIMARY\\M\\ND")
        ds.set(.instanceNumber, .IS, String(instanceNumber))
        ds.set(.imagePositionPatient, decimals: [geometry.position.x, geometry.position.y, geometry.position.z])
        ds.set(.imageOrientationPatient, decimals: orientation)
        ds.set(.pixelSpacing, decimals: [geometry.spacing.rowMm, geometry.spacing.columnMm])
        ds.set(.sliceThickness, decimals: [geometry.sliceThicknessMm])
        ds.set(.sliceLocation, decimals: [geometry.location(along: geometry.normal)])
        if let day = acquisitionDayNumber {
            if writeAcquisitionTime { ds.set(.acquisitionDate, .DA, DICOMTimestamp.formatDA(day + dayCarry)) }
            if writeContentTime { ds.set(.contentDate, .DA, DICOMTimestamp.formatDA(day + dayCarry)) }
            if writeAcquisitionDateTime {
                ds.set(.acquisitionDateTime, .DT, DICOMTimestamp.formatDA(day + dayCarry) + DICOMTimestamp.formatTM(acquisitionSecondsOfDay))
            }
        }
        if writeAcquisitionTime { ds.set(.acquisitionTime, .TM, DICOMTimestamp.formatTM(acquisitionSecondsOfDay)) }
        if writeContentTime { ds.set(.contentTime, .TM, DICOMTimestamp.formatTM(acquisitionSecondsOfDay)) }
        if let v = triggerTimeMs { ds.set(.triggerTime, decimals: [v]) }
        if let v = flipAngleDeg { ds.set(.flipAngle, decimals: [v]) }
        if let v = saturationTimeMs { ds.set(.inversionTime, decimals: [v]) }
        if let v = repetitionTimeMs { ds.set(.repetitionTime, decimals: [v]) }
        if let v = echoTimeMs { ds.set(.echoTime, decimals: [v]) }
        ds.set(.rescaleSlope, decimals: [rescaleSlope])
        ds.set(.rescaleIntercept, decimals: [rescaleIntercept])
        ds.set(.pixelData, encoding.bits == 8 ? .OB : .OW, bytes: storedBytes())
        return ds
    }

    /// Days to add when the acquisition time runs past midnight.
    private var dayCarry: Int { Int((acquisitionSecondsOfDay / 86_400).rounded(.down)) }

    var orientation: [Double] {
        [geometry.rowDirection.x, geometry.rowDirection.y, geometry.rowDirection.z,
         geometry.columnDirection.x, geometry.columnDirection.y, geometry.columnDirection.z]
    }

    func commonAttributes(into ds: inout DICOMDataSet, sopClass: String) {
        ds.set(.specificCharacterSet, .CS, "ISO_IR 100")
        ds.set(.sopClassUID, .UI, sopClass)
        ds.set(.sopInstanceUID, .UI, sopInstanceUID)
        if let day = acquisitionDayNumber { ds.set(.studyDate, .DA, DICOMTimestamp.formatDA(day)) }
        ds.set(.modality, .CS, "MR")
        ds.set(.manufacturer, .LO, manufacturer)
        if !seriesDescription.isEmpty { ds.set(.seriesDescription, .LO, seriesDescription) }
        ds.set(.patientName, .PN, patientName)
        ds.set(.patientID, .LO, patientID)
        if let v = magneticFieldStrengthT { ds.set(.magneticFieldStrength, decimals: [v]) }
        ds.set(.studyInstanceUID, .UI, studyInstanceUID)
        ds.set(.seriesInstanceUID, .UI, seriesInstanceUID)
        ds.set(.seriesNumber, .IS, String(seriesNumber))
        ds.set(.samplesPerPixel, uint16: 1)
        ds.set(.photometricInterpretation, .CS, "MONOCHROME2")
        ds.set(.rows, uint16: UInt16(clamping: rows))
        ds.set(.columns, uint16: UInt16(clamping: columns))
        ds.set(.bitsAllocated, uint16: UInt16(encoding.bits))
        ds.set(.bitsStored, uint16: UInt16(encoding.bits))
        ds.set(.highBit, uint16: UInt16(encoding.bits - 1))
        ds.set(.pixelRepresentation, uint16: encoding.signed ? 1 : 0)
    }

    /// Stored integer values, little-endian.
    func storedBytes() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(pixels.count * encoding.bits / 8)
        let slope = rescaleSlope == 0 ? 1 : rescaleSlope
        for p in pixels {
            var v = ((Double(p) - rescaleIntercept) / slope).rounded()
            if !v.isFinite { v = 0 }
            v = min(max(v, encoding.range.lowerBound), encoding.range.upperBound)
            let bits = Int64(v)
            if encoding.bits == 8 {
                out.append(UInt8(truncatingIfNeeded: bits))
            } else {
                let u = UInt16(truncatingIfNeeded: bits)
                out.append(UInt8(u & 0xFF))
                out.append(UInt8(u >> 8))
            }
        }
        return out
    }
}
