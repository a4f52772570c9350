@preconcurrency import CZlib

/// gzip (RFC 1952) compression through zlib, for .nii.gz.
public enum Gzip {
    /// Largest decompressed size accepted (guards against decompression bombs).
    public static let maxDecompressedBytes = 4 << 30

    /// Whether bytes start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// Decompresses a gzip stream (concatenated members included).
    public static func decompress(_ input: [UInt8], path: String) throws -> [UInt8] {
        guard input.count < Int(UInt32.max) else { throw NIfTIError.gzip(path: path, detail: "compressed file larger than 4 GiB") }
        var stream = z_stream()
        // windowBits 15 + 32: zlib detects and parses the gzip header itself.
        guard inflateInit2_(&stream, 47, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw NIfTIError.gzip(path: path, detail: "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(min(input.count * 4, maxDecompressedBytes))
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        return try input.withUnsafeBufferPointer { src -> [UInt8] in
            guard let base = src.baseAddress else { throw NIfTIError.gzip(path: path, detail: "empty input") }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = UInt32(src.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { dst in
                    stream.next_out = dst.baseAddress
                    stream.avail_out = UInt32(dst.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= maxDecompressedBytes else { throw NIfTIError.gzip(path: path, detail: "decompressed size exceeds \(maxDecompressedBytes) bytes") }
                if status == Z_STREAM_END {
                    if stream.avail_in > 0, inflateReset(&stream) == Z_OK { continue }
                    return output
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 {
                    throw NIfTIError.gzip(path: path, detail: "stream ends early (truncated .gz file)")
                }
                guard status == Z_OK else {
                    throw NIfTIError.gzip(path: path, detail: "corrupt data (zlib status \(status))")
                }
            }
        }
    }

    /// Compresses bytes as one gzip member.
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        guard input.count < Int(UInt32.max) else { throw NIfTIError.gzip(path: "<memory>", detail: "input larger than 4 GiB") }
        var stream = z_stream()
        // windowBits 15 + 16: write a gzip header and trailer.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw NIfTIError.gzip(path: "<memory>", detail: "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var input = input
        return try input.withUnsafeMutableBufferPointer { src -> [UInt8] in
            stream.next_in = src.baseAddress
            stream.avail_in = UInt32(src.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { dst in
                    stream.next_out = dst.baseAddress
                    stream.avail_out = UInt32(dst.count)
                    return deflate(&stream, Z_FINISH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END { return output }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw NIfTIError.gzip(path: "<memory>", detail: "deflate failed (zlib status \(status))")
                }
            }
        }
    }
}
