// libFuzzer entry point for the DICOM parser; built by tools/fuzz-dicom.sh together with the
// sources of MyoFlowCore and DICOM (one module, imports stripped). Any input may throw; none
// may crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func dicomFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let file = try? DICOMFile.parse(bytes: bytes, path: "fuzz") {
        _ = file.dataSet.string(.seriesInstanceUID)
        _ = file.dataSet.doubles(.imageOrientationPatient)
        _ = try? DICOMFrame.frames(of: file)
    }
    return 0
}
