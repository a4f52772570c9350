import Foundation

/// `segments.csv`: one row per AHA segment 1–16,
/// `segment,name,level,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag` (MBF in ml/min/g).
public enum SegmentsCSV {
    public static let header = "segment,name,level,territory,mbf_mean,mbf_sd,mbf_median,n_pixels,flag"

    public static func render(_ rows: [SegmentStatistics]) -> String {
        var lines = [header]
        for s in rows {
            lines.append([
                String(s.segment.number), CSVField.quote(s.segment.name), s.segment.level.rawValue, s.segment.territory.rawValue,
                CSVField.number(s.meanMlPerMinPerG), CSVField.number(s.sdMlPerMinPerG), CSVField.number(s.medianMlPerMinPerG),
                String(s.validPixels), CSVField.quote(s.flag),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// CSV field formatting (RFC 4180 quoting; empty field for a missing number).
public enum CSVField {
    public static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func number(_ value: Double?, digits: Int = 3) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.\(digits)f", value)
    }
}
