import AIF
import Foundation

/// The curve-fitting CSV formats of `myoflow fit` (docs/formats.md, "Curve fitting CSV").
///
/// - AIF: header `time_s,gd`; one row per sample: time in seconds, blood Gd in mmol/L.
/// - Tissue: header `time_s,<name>,<name>,...`; tissue Gd in mmol/L, one column per curve.
/// - Results: header `name,mbf_ml_min_g,f_per_s,tau0_s,k_per_s,delay_s,r2,converged,reason`.
/// Comma-separated, `.` decimal point, optional double quotes (RFC 4180), blank lines and lines
/// starting with `#` ignored. `nan` is read as a missing value (the curve is then flagged).
/// Errors name the file, line and column.
public enum CurveCSV {
    /// Named tissue curves sharing one time column.
    public struct TissueTable: Sendable, Equatable {
        public var timesSeconds: [Double]
        public var names: [String]
        /// curves[c][i] is curve c at timesSeconds[i], mmol/L.
        public var curves: [[Double]]
    }

    /// Reads an AIF CSV (`time_s,gd`, blood Gd).
    public static func readAIF(path: String) throws -> AIFCurve {
        let table = try read(path: path, expectFirst: ["time_s", "gd"], exactColumns: true)
        do {
            return try AIFCurve(timesSeconds: table.columns[0], gdMmolPerL: table.columns[1])
        } catch {
            throw KineticsError.csv("\(path): \(error)")
        }
    }

    /// Reads a tissue CSV (`time_s` then one column per curve).
    public static func readTissue(path: String) throws -> TissueTable {
        let table = try read(path: path, expectFirst: ["time_s"], exactColumns: false)
        guard table.header.count >= 2 else {
            throw KineticsError.csv("\(path) line \(table.headerLine): need at least one curve column after time_s")
        }
        var seen = Set<String>()
        for (c, name) in table.header.enumerated().dropFirst() {
            guard !name.isEmpty else { throw KineticsError.csv("\(path) line \(table.headerLine), column \(c + 1): empty curve name") }
            guard seen.insert(name).inserted else {
                throw KineticsError.csv("\(path) line \(table.headerLine), column \(c + 1): curve name '\(name)' appears twice")
            }
        }
        return TissueTable(timesSeconds: table.columns[0], names: Array(table.header.dropFirst()), curves: Array(table.columns.dropFirst()))
    }

    /// Writes one row per curve, atomically (a temporary file renamed into place).
    public static func writeResults(_ rows: [(name: String, result: FermiFitResult)], path: String) throws {
        var text = "name,mbf_ml_min_g,f_per_s,tau0_s,k_per_s,delay_s,r2,converged,reason\n"
        func number(_ v: Double) -> String { v.isFinite ? String(format: "%.6g", v) : "nan" }
        for (name, r) in rows {
            let p = r.parameters
            let fields = [escape(name), number(r.mbfMlPerMinPerG), number(p.amplitudePerS), number(p.shoulderS),
                          number(p.washoutPerS), number(p.delayS), number(r.rSquared), r.converged ? "true" : "false",
                          escape(r.failure?.description ?? "")]
            text += fields.joined(separator: ",") + "\n"
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(text.utf8).write(to: temporary)
            // POSIX rename replaces an existing file atomically (Foundation's replaceItemAt
            // failed on Linux and removed the old file).
            guard rename(temporary.path, url.path) == 0 else {
                throw KineticsError.csv("cannot write \(path): \(String(cString: strerror(errno)))")
            }
        } catch let error as KineticsError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw KineticsError.csv("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Quotes a field when it holds a comma, quote or line break (RFC 4180).
    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    struct Table {
        var header: [String]
        var headerLine: Int
        var columns: [[Double]]
    }

    static func read(path: String, expectFirst: [String], exactColumns: Bool) throws -> Table {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KineticsError.csv("cannot read \(path): no such file or not readable")
        }
        guard var text = String(data: data, encoding: .utf8) else { throw KineticsError.csv("\(path): not UTF-8 text") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var header: [String]? = nil, headerLine = 0
        var columns: [[Double]] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = try split(line, path: path, line: lineNumber)
            guard let names = header else {
                let lowered = fields.map { $0.lowercased() }
                guard lowered.count >= expectFirst.count, Array(lowered.prefix(expectFirst.count)) == expectFirst else {
                    throw KineticsError.csv("\(path) line \(lineNumber): header must start with \(expectFirst.joined(separator: ",")), got \(fields.joined(separator: ","))")
                }
                if exactColumns && fields.count != expectFirst.count {
                    throw KineticsError.csv("\(path) line \(lineNumber): header must be exactly \(expectFirst.joined(separator: ",")), got \(fields.count) columns")
                }
                header = fields
                headerLine = lineNumber
                columns = Array(repeating: [], count: fields.count)
                continue
            }
            guard fields.count == names.count else {
                throw KineticsError.csv("\(path) line \(lineNumber): \(fields.count) columns, the header has \(names.count)")
            }
            for (c, field) in fields.enumerated() {
                guard let value = Double(field) ?? (field.lowercased() == "nan" ? .nan : nil) else {
                    throw KineticsError.csv("\(path) line \(lineNumber), column \(c + 1) ('\(names[c])'): '\(field)' is not a number")
                }
                if c == 0 {
                    guard value.isFinite else { throw KineticsError.csv("\(path) line \(lineNumber), column 1 (time_s): time must be a finite number") }
                    if let previous = columns[0].last, value <= previous {
                        throw KineticsError.csv("\(path) line \(lineNumber), column 1 (time_s): times must increase strictly (\(value) after \(previous))")
                    }
                }
                columns[c].append(value)
            }
        }
        guard let names = header else { throw KineticsError.csv("\(path): empty file (no header)") }
        guard columns[0].count >= 2 else { throw KineticsError.csv("\(path): needs at least 2 data rows, found \(columns[0].count)") }
        return Table(header: names, headerLine: headerLine, columns: columns)
    }

    /// Splits one CSV line, honouring double quotes.
    static func split(_ line: String, path: String, line number: Int) throws -> [String] {
        var fields: [String] = [], current = "", quoted = false, wasQuoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { current.append(ch) }
            } else if ch == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
                quoted = true
                wasQuoted = true
                current = ""
            } else if ch == "," {
                fields.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
                current = ""
                wasQuoted = false
            } else { current.append(ch) }
        }
        guard !quoted else { throw KineticsError.csv("\(path) line \(number): unterminated quote") }
        fields.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
