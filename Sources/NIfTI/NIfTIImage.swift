import Foundation

/// A NIfTI-1 image held as Float32 values in file order (i fastest, then j, k, t), with the
/// voxel-to-RAS affine (mm) chosen as NIfTI readers do: sform when sform_code > 0, else qform
/// when qform_code > 0, else a diagonal of pixdim.
public struct NIfTIImage: Sendable, Equatable {
    /// Dimension sizes dim[1...dim[0]].
    public var dims: [Int]
    /// pixdim[1...7] (voxel sizes in mm, time step in `timeUnitSeconds` units at index 3).
    public var pixdim: [Double]
    /// Scaled values (scl_slope/scl_inter applied), i fastest.
    public var values: [Float]
    /// 4×4 voxel → RAS affine, row-major, last row 0 0 0 1.
    public var affine: [[Double]]
    /// Seconds per unit of pixdim[4] (from xyzt_units); nil when the file declares no time unit.
    public var timeUnitSeconds: Double?
    /// The NIfTI datatype code the values were read from (or will be written as).
    public var datatype: Int16

    public static let uint8: Int16 = 2, int16: Int16 = 4, int32: Int16 = 8, float32: Int16 = 16, float64: Int16 = 64
    public static let int8: Int16 = 256, uint16: Int16 = 512, uint32: Int16 = 768

    public init(dims: [Int], pixdim: [Double], values: [Float], affine: [[Double]], timeUnitSeconds: Double? = nil, datatype: Int16 = NIfTIImage.float32) throws {
        guard (1...7).contains(dims.count), dims.allSatisfy({ $0 > 0 }) else {
            throw NIfTIError.invalidInput("NIfTI dims must be 1 to 7 positive sizes, got \(dims)")
        }
        let count = dims.reduce(1, *)
        guard values.count == count else {
            throw NIfTIError.invalidInput("NIfTI values: \(values.count) for dims \(dims) (\(count) expected)")
        }
        guard affine.count == 4, affine.allSatisfy({ $0.count == 4 }) else { throw NIfTIError.invalidInput("NIfTI affine must be 4×4") }
        self.dims = dims
        self.pixdim = Array((pixdim + [Double](repeating: 1, count: 7)).prefix(7))
        self.values = values
        self.affine = affine
        self.timeUnitSeconds = timeUnitSeconds
        self.datatype = datatype
    }

    /// Time step between volumes in seconds (pixdim[4] × unit), nil when unknown or not positive.
    public var timeStepSeconds: Double? {
        guard pixdim.count >= 4 else { return nil }
        let step = pixdim[3] * (timeUnitSeconds ?? 1)
        return step.isFinite && step > 0 && timeUnitSeconds != nil ? step : nil
    }

    // MARK: Reading

    /// Reads a .nii or .nii.gz file (gzip detected from the bytes, not the name).
    public static func read(path: String) throws -> NIfTIImage {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw NIfTIError.io(path: path, detail: "cannot read: \(error.localizedDescription)")
        }
        var bytes = [UInt8](data)
        if Gzip.isGzip(bytes) { bytes = try Gzip.decompress(bytes, path: path) }
        return try parse(bytes: bytes, path: path)
    }

    /// Parses an uncompressed single-file NIfTI-1 image.
    public static func parse(bytes: [UInt8], path: String = "<memory>") throws -> NIfTIImage {
        guard bytes.count >= 348 else { throw NIfTIError.notNIfTI(path: path, detail: "\(bytes.count) bytes, the header alone is 348") }
        let reader: ByteReader
        if ByteReader(bytes: bytes, bigEndian: false).int32(0) == 348 {
            reader = ByteReader(bytes: bytes, bigEndian: false)
        } else if ByteReader(bytes: bytes, bigEndian: true).int32(0) == 348 {
            reader = ByteReader(bytes: bytes, bigEndian: true)
        } else {
            throw NIfTIError.notNIfTI(path: path, detail: "sizeof_hdr is not 348")
        }
        let magic = Array(bytes[344..<347])
        guard magic == Array("n+1".utf8) else {
            throw NIfTIError.notNIfTI(path: path, detail: magic == Array("ni1".utf8) ? "a .hdr/.img pair; convert to a single .nii" : "magic is not 'n+1'")
        }
        let ndim = Int(reader.int16(40))
        guard (1...7).contains(ndim) else { throw NIfTIError.notNIfTI(path: path, detail: "dim[0] = \(ndim)") }
        let dims = (1...ndim).map { Int(reader.int16(40 + 2 * $0)) }
        guard dims.allSatisfy({ $0 > 0 }) else { throw NIfTIError.unsupportedShape(path: path, dims: dims, detail: "non-positive size") }
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= 1 << 31 else { throw NIfTIError.unsupportedShape(path: path, dims: dims, detail: "too many voxels") }
            count = product
        }
        let datatype = reader.int16(70)
        guard let width = bytesPerValue(datatype) else { throw NIfTIError.unsupportedDataType(path: path, code: Int(datatype)) }
        let pixdim = (0..<8).map { Double(reader.float32(76 + 4 * $0)) }
        let voxOffsetValue = Double(reader.float32(108))
        guard voxOffsetValue.isFinite, voxOffsetValue >= 0, voxOffsetValue < Double(bytes.count) + 1 else {
            throw NIfTIError.notNIfTI(path: path, detail: "vox_offset \(voxOffsetValue) outside the file")
        }
        let voxOffset = max(348, Int(voxOffsetValue))
        let needed = count * width
        guard voxOffset + needed <= bytes.count else {
            throw NIfTIError.truncated(path: path, expectedBytes: voxOffset + needed, actualBytes: bytes.count)
        }
        var slope = Double(reader.float32(112)), inter = Double(reader.float32(116))
        if !slope.isFinite || slope == 0 { slope = 1; inter = 0 }
        if !inter.isFinite { inter = 0 }
        var values = [Float](repeating: 0, count: count)
        for n in 0..<count { values[n] = Float(reader.value(at: voxOffset + n * width, datatype: datatype) * slope + inter) }

        let units = Int(bytes[123])
        let timeUnit: Double?
        switch units & 0x38 {
        case 8: timeUnit = 1
        case 16: timeUnit = 1e-3
        case 24: timeUnit = 1e-6
        default: timeUnit = nil
        }
        let spaceScale: Double = (units & 0x07) == 1 ? 1000 : ((units & 0x07) == 3 ? 1e-3 : 1)  // metres / microns → mm
        let qformCode = reader.int16(252), sformCode = reader.int16(254)
        var affine: [[Double]]
        if sformCode > 0 {
            affine = (0..<3).map { r in (0..<4).map { Double(reader.float32(280 + 16 * r + 4 * $0)) } } + [[0, 0, 0, 1]]
        } else if qformCode > 0 {
            let q = (0..<6).map { Double(reader.float32(256 + 4 * $0)) }
            affine = NIfTIAffine.fromQuaternion(b: q[0], c: q[1], d: q[2], offset: (q[3], q[4], q[5]),
                                                spacing: (pixdim[1], pixdim[2], pixdim[3]), qfac: pixdim[0] < 0 ? -1 : 1)
        } else {
            affine = [[pixdim[1], 0, 0, 0], [0, pixdim[2], 0, 0], [0, 0, pixdim[3], 0], [0, 0, 0, 1]]
        }
        if spaceScale != 1 { for r in 0..<3 { for c in 0..<4 { affine[r][c] *= spaceScale } } }
        guard affine.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { throw NIfTIError.notNIfTI(path: path, detail: "non-finite affine") }
        return try NIfTIImage(dims: dims, pixdim: Array(pixdim[1...7]), values: values, affine: affine, timeUnitSeconds: timeUnit, datatype: datatype)
    }

    static func bytesPerValue(_ code: Int16) -> Int? {
        switch code {
        case uint8, int8: return 1
        case int16, uint16: return 2
        case int32, uint32, float32: return 4
        case float64: return 8
        default: return nil
        }
    }
}

/// Bounds-checked by the caller: all offsets are verified against the byte count before use.
struct ByteReader {
    let bytes: [UInt8]
    let bigEndian: Bool

    func uint(_ offset: Int, width: Int) -> UInt64 {
        var v: UInt64 = 0
        for b in 0..<width {
            let byte = UInt64(bytes[offset + b])
            v |= bigEndian ? byte << UInt64(8 * (width - 1 - b)) : byte << UInt64(8 * b)
        }
        return v
    }

    func int16(_ o: Int) -> Int16 { Int16(bitPattern: UInt16(truncatingIfNeeded: uint(o, width: 2))) }
    func int32(_ o: Int) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: uint(o, width: 4))) }
    func float32(_ o: Int) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: uint(o, width: 4))) }

    func value(at o: Int, datatype: Int16) -> Double {
        switch datatype {
        case NIfTIImage.uint8: return Double(bytes[o])
        case NIfTIImage.int8: return Double(Int8(bitPattern: bytes[o]))
        case NIfTIImage.int16: return Double(int16(o))
        case NIfTIImage.uint16: return Double(uint(o, width: 2))
        case NIfTIImage.int32: return Double(int32(o))
        case NIfTIImage.uint32: return Double(uint(o, width: 4))
        case NIfTIImage.float32: return Double(float32(o))
        default: return Double(bitPattern: uint(o, width: 8))
        }
    }
}
