/// Short-axis slice level.
public enum SliceLevel: String, Sendable, CaseIterable, Codable {
    case basal, mid, apical

    /// Number of AHA sectors at this level.
    public var sectorCount: Int { self == .apical ? 4 : 6 }
}

/// Coronary territory of a segment (Cerqueira 2002 standard assignment).
public enum CoronaryTerritory: String, Sendable, CaseIterable, Codable {
    case lad = "LAD", rca = "RCA", lcx = "LCx"
}

/// One of the AHA segments 1–16.
public struct AHASegment: Sendable, Equatable, Hashable, Codable {
    public let number: Int
    public let name: String
    public let level: SliceLevel
    public let territory: CoronaryTerritory

    /// Segments 1–16 in order.
    public static let all: [AHASegment] = [
        .init(number: 1, name: "basal anterior", level: .basal, territory: .lad),
        .init(number: 2, name: "basal anteroseptal", level: .basal, territory: .lad),
        .init(number: 3, name: "basal inferoseptal", level: .basal, territory: .rca),
        .init(number: 4, name: "basal inferior", level: .basal, territory: .rca),
        .init(number: 5, name: "basal inferolateral", level: .basal, territory: .lcx),
        .init(number: 6, name: "basal anterolateral", level: .basal, territory: .lcx),
        .init(number: 7, name: "mid anterior", level: .mid, territory: .lad),
        .init(number: 8, name: "mid anteroseptal", level: .mid, territory: .lad),
        .init(number: 9, name: "mid inferoseptal", level: .mid, territory: .rca),
        .init(number: 10, name: "mid inferior", level: .mid, territory: .rca),
        .init(number: 11, name: "mid inferolateral", level: .mid, territory: .lcx),
        .init(number: 12, name: "mid anterolateral", level: .mid, territory: .lcx),
        .init(number: 13, name: "apical anterior", level: .apical, territory: .lad),
        .init(number: 14, name: "apical septal", level: .apical, territory: .lad),
        .init(number: 15, name: "apical inferior", level: .apical, territory: .rca),
        .init(number: 16, name: "apical lateral", level: .apical, territory: .lcx),
    ]

    /// The segment with this number (1–16).
    public static func number(_ n: Int) -> AHASegment? {
        (1...16).contains(n) ? all[n - 1] : nil
    }

    /// Segments of one level, in numbering order.
    public static func segments(at level: SliceLevel) -> [AHASegment] {
        all.filter { $0.level == level }
    }
}
