/// The encodings MyoFlow reads, and the compressed ones it recognises to name in errors.
public enum TransferSyntax: Sendable, Equatable, CustomStringConvertible {
    case implicitVRLittleEndian
    case explicitVRLittleEndian
    case explicitVRBigEndian
    /// Any other syntax (compressed, deflated, unknown): pixel data cannot be decoded here.
    case unsupported(uid: String)

    public static let implicitVRLittleEndianUID = "1.2.840.10008.1.2"
    public static let explicitVRLittleEndianUID = "1.2.840.10008.1.2.1"
    public static let explicitVRBigEndianUID = "1.2.840.10008.1.2.2"

    /// Parses a TransferSyntaxUID (trailing NUL / spaces already trimmed).
    public init(uid: String) {
        switch uid {
        case Self.implicitVRLittleEndianUID: self = .implicitVRLittleEndian
        case Self.explicitVRLittleEndianUID: self = .explicitVRLittleEndian
        case Self.explicitVRBigEndianUID: self = .explicitVRBigEndian
        default: self = .unsupported(uid: uid)
        }
    }

    public var uid: String {
        switch self {
        case .implicitVRLittleEndian: return Self.implicitVRLittleEndianUID
        case .explicitVRLittleEndian: return Self.explicitVRLittleEndianUID
        case .explicitVRBigEndian: return Self.explicitVRBigEndianUID
        case let .unsupported(uid): return uid
        }
    }

    public var isExplicitVR: Bool { self != .implicitVRLittleEndian }
    public var isBigEndian: Bool { self == .explicitVRBigEndian }

    /// Human-readable name, e.g. "JPEG 2000 Image Compression (1.2.840.10008.1.2.4.90)".
    public var description: String {
        let name: String
        switch uid {
        case Self.implicitVRLittleEndianUID: name = "Implicit VR Little Endian"
        case Self.explicitVRLittleEndianUID: name = "Explicit VR Little Endian"
        case Self.explicitVRBigEndianUID: name = "Explicit VR Big Endian"
        case "1.2.840.10008.1.2.1.99": name = "Deflated Explicit VR Little Endian"
        case "1.2.840.10008.1.2.5": name = "RLE Lossless"
        case "1.2.840.10008.1.2.4.50": name = "JPEG Baseline (Process 1)"
        case "1.2.840.10008.1.2.4.51": name = "JPEG Extended (Process 2 & 4)"
        case "1.2.840.10008.1.2.4.57": name = "JPEG Lossless, Non-Hierarchical (Process 14)"
        case "1.2.840.10008.1.2.4.70": name = "JPEG Lossless, First-Order Prediction (Process 14 SV1)"
        case "1.2.840.10008.1.2.4.80": name = "JPEG-LS Lossless"
        case "1.2.840.10008.1.2.4.81": name = "JPEG-LS Near-Lossless"
        case "1.2.840.10008.1.2.4.90": name = "JPEG 2000 Image Compression (Lossless Only)"
        case "1.2.840.10008.1.2.4.91": name = "JPEG 2000 Image Compression"
        case "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203": name = "High-Throughput JPEG 2000"
        case "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101": name = "MPEG2"
        case "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.103": name = "MPEG-4 AVC/H.264"
        default: name = "unknown transfer syntax"
        }
        return "\(name) (\(uid))"
    }
}
