import Foundation

/// Names one series (slice group) of a study on the command line: its index in the
/// `myoflow inspect` listing, or its SeriesInstanceUID (ambiguous when a series was split by
/// slice position; use the index then).
public enum SeriesSelector: Sendable, Equatable, CustomStringConvertible {
    case index(Int)
    case uid(String)

    /// Parses "3" as an index and anything else as a UID.
    public init(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let i = Int(t), i >= 0 { self = .index(i) } else { self = .uid(t) }
    }

    public var description: String {
        switch self {
        case let .index(i): return "#\(i)"
        case let .uid(u): return u
        }
    }
}

/// User overrides of every automatic ingest decision and of acquisition parameters.
/// nil means "decide automatically / read from the headers".
public struct IngestOverrides: Sendable, Equatable {
    /// The AIF series; `.some(nil)` forces "no AIF series".
    public var aifSeries: SeriesSelector??
    /// PD frame indices applied to every series (empty: no PD frames).
    public var pdFrames: [Int]?
    /// The high-res slice series, in base → apex order.
    public var slices: [SeriesSelector]?
    /// Keep patient name, ID and study date in the study (never in logs).
    public var keepIdentifiers: Bool
    public var saturationTimeMs: Double?
    public var aifSaturationTimeMs: Double?
    public var flipAngleDeg: Double?
    public var pdFlipAngleDeg: Double?
    /// PD flip angle of the AIF series (overrides `pdFlipAngleDeg` there).
    public var aifPDFlipAngleDeg: Double?
    public var repetitionTimeMs: Double?
    public var echoTimeMs: Double?
    public var fieldStrengthT: Double?
    /// Pixel spacing (mm) used when a series has no PixelSpacing.
    public var pixelSpacingMm: Double?
    /// Frame interval (s) for inputs without frame times (NIfTI without pixdim[4]).
    public var frameIntervalSeconds: Double?

    public init(
        aifSeries: SeriesSelector?? = nil, pdFrames: [Int]? = nil, slices: [SeriesSelector]? = nil, keepIdentifiers: Bool = false,
        saturationTimeMs: Double? = nil, aifSaturationTimeMs: Double? = nil, flipAngleDeg: Double? = nil,
        pdFlipAngleDeg: Double? = nil, repetitionTimeMs: Double? = nil, echoTimeMs: Double? = nil,
        fieldStrengthT: Double? = nil, pixelSpacingMm: Double? = nil, frameIntervalSeconds: Double? = nil,
        aifPDFlipAngleDeg: Double? = nil
    ) {
        self.aifPDFlipAngleDeg = aifPDFlipAngleDeg
        self.aifSeries = aifSeries
        self.pdFrames = pdFrames
        self.slices = slices
        self.keepIdentifiers = keepIdentifiers
        self.saturationTimeMs = saturationTimeMs
        self.aifSaturationTimeMs = aifSaturationTimeMs
        self.flipAngleDeg = flipAngleDeg
        self.pdFlipAngleDeg = pdFlipAngleDeg
        self.repetitionTimeMs = repetitionTimeMs
        self.echoTimeMs = echoTimeMs
        self.fieldStrengthT = fieldStrengthT
        self.pixelSpacingMm = pixelSpacingMm
        self.frameIntervalSeconds = frameIntervalSeconds
    }

    /// The saturation-time override of the AIF series (`aif`) or of the high-res slices.
    public func saturationTimeMs(aif: Bool) -> Double? { aif ? aifSaturationTimeMs : saturationTimeMs }

    /// The PD flip-angle override of the AIF series (its own, else the general one) or of the
    /// high-res slices.
    public func pdFlipAngleDeg(aif: Bool) -> Double? { aif ? (aifPDFlipAngleDeg ?? pdFlipAngleDeg) : pdFlipAngleDeg }

    /// Parses a frame list: "none", or comma-separated indices and ranges ("0,1", "0-2").
    public static func parseFrameList(_ text: String) throws -> [Int] {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "none" || t.isEmpty { return [] }
        var out: [Int] = []
        for part in t.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if bounds.count == 1, let v = bounds[0], v >= 0 {
                out.append(v)
            } else if bounds.count == 2, let a = bounds[0], let b = bounds[1], a >= 0, b >= a, b - a < 10_000 {
                out.append(contentsOf: a...b)
            } else {
                throw IngestError.invalidOverride(option: "--pd-frames", detail: "'\(part)' is not a frame index or range (use e.g. 0,1 or 0-2 or none)")
            }
        }
        return Array(Set(out)).sorted()
    }
}
