import Foundation
import MyoFlowCore

extension NIfTIImage {
    /// Encodes as a single-file NIfTI-1 (.nii) byte stream: 348-byte header, 4 extension bytes,
    /// data at offset 352, little endian. Values are stored as `datatype` (uint8 / int16 / float32
    /// / float64; other codes store float32), rounded and clamped for integer types.
    public func encoded(description: String = "MyoFlow") -> [UInt8] {
        let storedType: Int16 = [NIfTIImage.uint8, NIfTIImage.int16, NIfTIImage.float32, NIfTIImage.float64].contains(datatype) ? datatype : NIfTIImage.float32
        let width = NIfTIImage.bytesPerValue(storedType) ?? 4
        var h = [UInt8](repeating: 0, count: 352)
        func put16(_ o: Int, _ v: Int16) { let u = UInt16(bitPattern: v); h[o] = UInt8(u & 0xFF); h[o + 1] = UInt8(u >> 8) }
        func put32(_ o: Int, _ v: UInt32) { for b in 0..<4 { h[o + b] = UInt8((v >> (8 * UInt32(b))) & 0xFF) } }
        func putF(_ o: Int, _ v: Double) { put32(o, Float(v).bitPattern) }
        put32(0, 348)
        h[38] = UInt8(ascii: "r")
        put16(40, Int16(dims.count))
        for (i, d) in dims.enumerated() { put16(42 + 2 * i, Int16(clamping: d)) }
        for i in dims.count..<7 { put16(42 + 2 * i, 1) }
        put16(70, storedType)
        put16(72, Int16(width * 8))
        let q = NIfTIAffine.toQuaternion(affine)
        putF(76, q.qfac)
        for i in 0..<7 { putF(80 + 4 * i, i < 3 ? q.spacing[i] : pixdim[i]) }
        putF(108, 352)
        putF(112, 1)
        putF(116, 0)
        h[123] = 2 | 8  // mm, seconds
        let descrip = Array(description.utf8.prefix(79))
        for (i, c) in descrip.enumerated() { h[148 + i] = c }
        put16(252, 1)  // qform: scanner anatomical
        put16(254, 1)  // sform: scanner anatomical
        putF(256, q.b); putF(260, q.c); putF(264, q.d)
        putF(268, affine[0][3]); putF(272, affine[1][3]); putF(276, affine[2][3])
        for r in 0..<3 { for c in 0..<4 { putF(280 + 16 * r + 4 * c, affine[r][c]) } }
        for (i, c) in "n+1".utf8.enumerated() { h[344 + i] = c }
        var out = h
        out.reserveCapacity(352 + values.count * width)
        for raw in values {
            let v: Float = raw.isNaN && storedType != NIfTIImage.float32 && storedType != NIfTIImage.float64 ? 0 : raw  // NaN has no integer code
            switch storedType {
            case NIfTIImage.uint8:
                out.append(UInt8(min(max(Double(v).rounded(), 0), 255)))
            case NIfTIImage.int16:
                let s = UInt16(bitPattern: Int16(min(max(Double(v).rounded(), -32768), 32767)))
                out.append(UInt8(s & 0xFF)); out.append(UInt8(s >> 8))
            case NIfTIImage.float64:
                let bits = Double(v).bitPattern
                for b in 0..<8 { out.append(UInt8((bits >> (8 * UInt64(b))) & 0xFF)) }
            default:
                let bits = v.bitPattern
                for b in 0..<4 { out.append(UInt8((bits >> (8 * UInt32(b))) & 0xFF)) }
            }
        }
        return out
    }

    /// Writes .nii, or gzip-compressed when the path ends in ".gz"; atomically (temporary file,
    /// then rename), so a failed write never leaves a partial image behind.
    public func write(to path: String, description: String = "MyoFlow") throws {
        var bytes = encoded(description: description)
        if path.hasSuffix(".gz") { bytes = try Gzip.compress(bytes) }
        do {
            try AtomicOutput.write(to: path) { try Data(bytes).write(to: URL(fileURLWithPath: $0)) }
        } catch {
            throw NIfTIError.io(path: path, detail: "cannot write: \(error.localizedDescription)")
        }
    }
}
