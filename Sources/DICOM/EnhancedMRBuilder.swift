/// Builds one Enhanced MR Image Storage (multi-frame) data set from per-frame specs, with the
/// per-frame timing, position and flip angle in the Per-Frame Functional Groups Sequence and the
/// orientation, pixel measures and rescale in the Shared Functional Groups Sequence.
///
/// All frames must share the matrix, encoding and rescale of the first one.
public enum EnhancedMRBuilder {
    public enum BuildError: Error, CustomStringConvertible {
        case noFrames
        case inconsistentFrame(index: Int, detail: String)

        public var description: String {
            switch self {
            case .noFrames: return "an enhanced MR data set needs at least one frame"
            case let .inconsistentFrame(i, d): return "frame \(i): \(d)"
            }
        }
    }

    public static func dataSet(frames specs: [MRImageSpec], sopInstanceUID: String) throws -> DICOMDataSet {
        guard let first = specs.first else { throw BuildError.noFrames }
        var ds = DICOMDataSet()
        var head = first
        head.sopInstanceUID = sopInstanceUID
        head.commonAttributes(into: &ds, sopClass: MRImageSpec.enhancedMRImageStorage)
        ds.set(.imageType, .CS, "ORIGINAL\\PRIMARY\\PERFUSION\\NONE")
        ds.set(.instanceNumber, .IS, "1")
        ds.set(.numberOfFrames, .IS, String(specs.count))

        var shared = DICOMDataSet()
        var orientation = DICOMDataSet()
        orientation.set(.imageOrientationPatient, decimals: first.orientation)
        shared.set(.planeOrientationSequence, items: [orientation])
        var measures = DICOMDataSet()
        measures.set(.pixelSpacing, decimals: [first.geometry.spacing.rowMm, first.geometry.spacing.columnMm])
        measures.set(.sliceThickness, decimals: [first.geometry.sliceThicknessMm])
        shared.set(.pixelMeasuresSequence, items: [measures])
        var transform = DICOMDataSet()
        transform.set(.rescaleSlope, decimals: [first.rescaleSlope])
        transform.set(.rescaleIntercept, decimals: [first.rescaleIntercept])
        transform.set(DICOMTag(0x0028, 0x1054), .LO, "US")  // RescaleType
        shared.set(.pixelValueTransformationSequence, items: [transform])
        ds.set(.sharedFunctionalGroupsSequence, items: [shared])

        var perFrame: [DICOMDataSet] = []
        var pixelBytes: [UInt8] = []
        for (i, spec) in specs.enumerated() {
            guard spec.rows == first.rows, spec.columns == first.columns, spec.encoding == first.encoding,
                  spec.rescaleSlope == first.rescaleSlope, spec.rescaleIntercept == first.rescaleIntercept else {
                throw BuildError.inconsistentFrame(index: i, detail: "matrix, encoding and rescale must match frame 0")
            }
            var item = DICOMDataSet()
            var content = DICOMDataSet()
            if let day = spec.acquisitionDayNumber {
                let carry = Int((spec.acquisitionSecondsOfDay / 86_400).rounded(.down))
                content.set(.frameAcquisitionDateTime, .DT, DICOMTimestamp.formatDA(day + carry) + DICOMTimestamp.formatTM(spec.acquisitionSecondsOfDay))
            }
            content.set(.temporalPositionIndex, .UL, bytes: le32(UInt32(i + 1)))
            item.set(.frameContentSequence, items: [content])
            var position = DICOMDataSet()
            position.set(.imagePositionPatient, decimals: [spec.geometry.position.x, spec.geometry.position.y, spec.geometry.position.z])
            item.set(.planePositionSequence, items: [position])
            var timing = DICOMDataSet()
            if let v = spec.flipAngleDeg { timing.set(.flipAngle, decimals: [v]) }
            if let v = spec.repetitionTimeMs { timing.set(.repetitionTime, decimals: [v]) }
            item.set(.mrTimingAndRelatedParametersSequence, items: [timing])
            if let v = spec.saturationTimeMs {
                var modifier = DICOMDataSet()
                modifier.set(.inversionTimes, .FD, bytes: le64(v.bitPattern))
                item.set(.mrModifierSequence, items: [modifier])
            }
            if let v = spec.echoTimeMs {
                var echo = DICOMDataSet()
                echo.set(.effectiveEchoTime, .FD, bytes: le64(v.bitPattern))
                item.set(.mrEchoSequence, items: [echo])
            }
            perFrame.append(item)
            pixelBytes.append(contentsOf: spec.storedBytes())
        }
        ds.set(.perFrameFunctionalGroupsSequence, items: perFrame)
        ds.set(.pixelData, first.encoding.bits == 8 ? .OB : .OW, bytes: pixelBytes)
        return ds
    }

    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    private static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }
}
