/// Decodes native (uncompressed) pixel data into Float32 modality values
/// (stored value × RescaleSlope + RescaleIntercept).
public enum DICOMPixelDecoder {
    /// The image pixel module of a file.
    public struct Layout: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
        public var frames: Int
        public var bitsAllocated: Int
        public var bitsStored: Int
        public var signed: Bool
    }

    /// Reads and checks the image pixel module (rows, columns, frames, bits, sign, samples).
    public static func layout(of file: DICOMFile) throws -> Layout {
        let ds = file.dataSet
        if case .unsupported = file.transferSyntax {
            throw DICOMError.unsupportedTransferSyntax(path: file.path, syntax: file.transferSyntax)
        }
        if ds.contains(.encapsulatedPixelData) {
            throw DICOMError.malformed(path: file.path, tag: .pixelData, offset: 0,
                                       detail: "encapsulated (compressed) pixel data in an uncompressed transfer syntax \(file.transferSyntax)")
        }
        guard let rows = ds.uint16(.rows), rows > 0 else { throw DICOMError.missingAttribute(path: file.path, tag: .rows, name: "Rows") }
        guard let columns = ds.uint16(.columns), columns > 0 else { throw DICOMError.missingAttribute(path: file.path, tag: .columns, name: "Columns") }
        guard let bits = ds.uint16(.bitsAllocated) else { throw DICOMError.missingAttribute(path: file.path, tag: .bitsAllocated, name: "BitsAllocated") }
        guard bits == 8 || bits == 16 else {
            throw DICOMError.unsupportedPixelFormat(path: file.path, detail: "BitsAllocated \(bits) (only 8 and 16 are read)")
        }
        let samples = ds.uint16(.samplesPerPixel) ?? 1
        guard samples == 1 else {
            throw DICOMError.unsupportedPixelFormat(path: file.path, detail: "SamplesPerPixel \(samples) (only greyscale images are read)")
        }
        let stored = Int(ds.uint16(.bitsStored) ?? bits)
        guard (1...Int(bits)).contains(stored) else {
            throw DICOMError.unsupportedPixelFormat(path: file.path, detail: "BitsStored \(stored) with BitsAllocated \(bits)")
        }
        let frames = ds.int(.numberOfFrames) ?? 1
        guard frames >= 1, frames <= 100_000 else {
            throw DICOMError.malformed(path: file.path, tag: .numberOfFrames, offset: 0, detail: "NumberOfFrames \(frames)")
        }
        return Layout(rows: Int(rows), columns: Int(columns), frames: frames, bitsAllocated: Int(bits),
                      bitsStored: stored, signed: (ds.uint16(.pixelRepresentation) ?? 0) == 1)
    }

    /// Decodes all frames of a file, frames × rows × columns, without rescaling.
    public static func storedValues(of file: DICOMFile, layout: Layout) throws -> [Float] {
        guard let element = file.dataSet[.pixelData], element.items == nil, !element.bytes.isEmpty else {
            throw DICOMError.missingAttribute(path: file.path, tag: .pixelData, name: "PixelData")
        }
        let count = layout.rows * layout.columns * layout.frames
        let bytesPer = layout.bitsAllocated / 8
        let needed = count * bytesPer
        guard element.bytes.count >= needed else {
            throw DICOMError.truncated(path: file.path, tag: .pixelData, offset: element.bytes.startIndex,
                                       detail: "pixel data holds \(element.bytes.count) bytes, \(layout.frames) frame(s) of \(layout.rows)×\(layout.columns)×\(bytesPer) need \(needed)")
        }
        var out = [Float](repeating: 0, count: count)
        let bigEndian = file.dataSet.bigEndian
        let stored = layout.bitsStored
        let mask: UInt32 = stored >= 32 ? .max : (UInt32(1) << UInt32(stored)) &- 1
        let signBit: UInt32 = UInt32(1) << UInt32(stored - 1)
        // Hot loop over up to millions of pixels: read through the buffer without per-element
        // bounds checks; `needed` was checked against the element size above. One loop per
        // layout so the inner loop has no branches on the format.
        let signed = layout.signed
        element.bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                @inline(__always) func store(_ i: Int, _ raw: UInt32) {
                    let v = raw & mask
                    dst[i] = signed && v & signBit != 0 ? Float(Int64(v) - Int64(mask) - 1) : Float(v)
                }
                if bytesPer == 1 {
                    for i in 0..<count { store(i, UInt32(src[i])) }
                } else if bigEndian {
                    for i in 0..<count { store(i, UInt32(src[2 * i]) << 8 | UInt32(src[2 * i + 1])) }
                } else if !signed && stored == 16 {
                    for i in 0..<count { dst[i] = Float(UInt16(src[2 * i]) | UInt16(src[2 * i + 1]) << 8) }
                } else if signed && stored == 16 {
                    for i in 0..<count { dst[i] = Float(Int16(bitPattern: UInt16(src[2 * i]) | UInt16(src[2 * i + 1]) << 8)) }
                } else {
                    for i in 0..<count { store(i, UInt32(src[2 * i]) | UInt32(src[2 * i + 1]) << 8) }
                }
            }
        }
        return out
    }
}
