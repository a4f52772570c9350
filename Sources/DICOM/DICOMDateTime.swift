import Foundation

/// A point in time read from DA/TM/DT values: an optional civil day and the seconds into it.
///
/// `dayNumber` is days since 1970-01-01 (proleptic Gregorian), nil when no date was stored; then
/// only `secondsOfDay` is known and callers must handle a midnight wrap themselves.
public struct DICOMTimestamp: Sendable, Equatable {
    public var dayNumber: Int?
    public var secondsOfDay: Double

    public init(dayNumber: Int?, secondsOfDay: Double) {
        self.dayNumber = dayNumber
        self.secondsOfDay = secondsOfDay
    }

    /// Seconds since 1970-01-01 when the date is known, else seconds of day.
    public var absoluteSeconds: Double { Double(dayNumber ?? 0) * 86_400 + secondsOfDay }

    /// Parses a TM value ("HHMMSS.FFFFFF", "HHMM", "HH", or the old "HH:MM:SS.frac") to seconds
    /// of day; nil when malformed or out of range.
    public static func parseTM(_ text: String) -> Double? {
        let cleaned = text.replacingOccurrences(of: ":", with: "").trimmingCharacters(in: .whitespaces)
        let parts = cleaned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, [2, 4, 6].contains(whole.count), whole.allSatisfy(\.isASCIIDigitChar) else { return nil }
        let digits = Array(whole)
        let hh = Int(String(digits[0..<2])) ?? 99
        let mm = digits.count >= 4 ? Int(String(digits[2..<4])) ?? 99 : 0
        let ss = digits.count >= 6 ? Int(String(digits[4..<6])) ?? 99 : 0
        guard hh < 24, mm < 60, ss < 61 else { return nil }
        var fraction = 0.0
        if parts.count == 2 {
            let f = parts[1]
            guard !f.isEmpty, f.count <= 6, f.allSatisfy(\.isASCIIDigitChar), let v = Double("0." + f) else { return nil }
            fraction = v
        }
        return Double(hh * 3600 + mm * 60 + ss) + fraction
    }

    /// Parses a DA value ("YYYYMMDD") to days since 1970-01-01.
    public static func parseDA(_ text: String) -> Int? {
        let t = text.replacingOccurrences(of: ".", with: "").trimmingCharacters(in: .whitespaces)
        guard t.count == 8, t.allSatisfy(\.isASCIIDigitChar), let v = Int(t) else { return nil }
        let y = v / 10_000, m = (v / 100) % 100, d = v % 100
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        return daysFromCivil(year: y, month: m, day: d)
    }

    /// Parses a DT value ("YYYYMMDDHHMMSS.FFFFFF&ZZXX"); the UTC offset is ignored (all frames
    /// of a study share it). A DT with only a date has secondsOfDay 0.
    public static func parseDT(_ text: String) -> DICOMTimestamp? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if let sign = t.firstIndex(where: { $0 == "+" || $0 == "-" }) { t = String(t[..<sign]) }
        guard t.count >= 8 else { return nil }
        let datePart = String(t.prefix(8))
        guard let day = parseDA(datePart) else { return nil }
        let rest = String(t.dropFirst(8))
        if rest.isEmpty { return DICOMTimestamp(dayNumber: day, secondsOfDay: 0) }
        guard let seconds = parseTM(rest) else { return nil }
        return DICOMTimestamp(dayNumber: day, secondsOfDay: seconds)
    }

    /// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// "HHMMSS.FFFFFF" for a seconds-of-day value (writer side); wraps past midnight.
    public static func formatTM(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "000000.000000" }
        var s = seconds.truncatingRemainder(dividingBy: 86_400)
        if s < 0 { s += 86_400 }
        var micro = Int((s * 1e6).rounded())
        if micro >= 86_400_000_000 { micro -= 86_400_000_000 }
        let whole = micro / 1_000_000, frac = micro % 1_000_000
        return String(format: "%02d%02d%02d.%06d", whole / 3600, (whole / 60) % 60, whole % 60, frac)
    }

    /// "YYYYMMDD" for a day number (writer side).
    public static func formatDA(_ dayNumber: Int) -> String {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d%02d%02d", y, m, d)
    }
}

extension Character {
    var isASCIIDigitChar: Bool { isASCII && isNumber }
}
