import Foundation

/// The content of `report.html`; `render()` makes one self-contained page (inline CSS, SVG and
/// base64 PNG; no scripts, fonts or links to the network). Every string from input files must be
/// given raw: rendering escapes it.
public struct HTMLReport: Sendable {
    /// A titled image embedded as base64 PNG (e.g. an MBF map overlay).
    public struct Figure: Sendable {
        public var caption: String
        public var pngData: Data
        public init(caption: String, pngData: Data) { self.caption = caption; self.pngData = pngData }
    }

    public var title = "MyoFlow perfusion report"
    /// Header rows (label, value), e.g. study UID, date, stress/rest; values from DICOM go here raw.
    public var header: [(String, String)] = []
    public var segments: [SegmentStatistics] = []
    public var bullseyeSVG: String = ""
    public var figures: [Figure] = []
    /// Inline SVG colour bar shown beside the map figures.
    public var figuresColourBarSVG: String = ""
    /// Inline SVG charts (AIF, segment curves with fits).
    public var charts: [String] = []
    /// QA rows (metric, value) and warnings.
    public var qa: [(String, String)] = []
    public var warnings: [String] = []
    /// Methods text and provenance rows (stage, key, value).
    public var methods: [String] = []
    public var provenance: [(String, String, String)] = []
    public var timings: [(String, Double)] = []

    public init(title: String = "MyoFlow perfusion report") { self.title = title }

    public func render() -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(htmlEscaped(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px;color:#111;max-width:1200px}
        h1{font-size:22px;margin:0 0 8px} h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:28px}
        table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
        th{background:#f2f2f2} td.num{text-align:right;font-variant-numeric:tabular-nums}
        .warn{background:#fff4d6;border-left:4px solid #e0a800;padding:6px 10px;margin:4px 0}
        .row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
        figure{margin:0} figcaption{font-size:12px;color:#444} img{image-rendering:pixelated;border:1px solid #ccc}
        .flag{color:#a00}
        </style></head><body>
        <h1>\(htmlEscaped(title))</h1>

        """
        if !header.isEmpty { html += table(rows: header.map { [$0.0, $0.1] }, head: nil) }
        html += "<h2>Segmental myocardial blood flow</h2>\n<div class=\"row\">\n<div>\(bullseyeSVG)</div>\n"
        if !segments.isEmpty { html += segmentTable() }
        html += "</div>\n"
        if !figures.isEmpty {
            html += "<h2>Pixel-wise MBF maps</h2>\n<div class=\"row\">\n"
            for fig in figures {
                html += "<figure><img alt=\"\(htmlEscaped(fig.caption))\" src=\"data:image/png;base64,\(fig.pngData.base64EncodedString())\"><figcaption>\(htmlEscaped(fig.caption))</figcaption></figure>\n"
            }
            if !figuresColourBarSVG.isEmpty { html += "<div>\(figuresColourBarSVG)</div>\n" }
            html += "</div>\n"
        }
        if !charts.isEmpty { html += "<h2>Curves</h2>\n<div class=\"row\">\n" + charts.map { "<div>\($0)</div>" }.joined(separator: "\n") + "\n</div>\n" }
        html += "<h2>Quality assurance</h2>\n"
        for w in warnings { html += "<div class=\"warn\">\(htmlEscaped(w))</div>\n" }
        if !qa.isEmpty { html += table(rows: qa.map { [$0.0, $0.1] }, head: ["metric", "value"]) }
        if warnings.isEmpty && qa.isEmpty { html += "<p>No QA findings.</p>\n" }
        html += "<h2>Methods and provenance</h2>\n"
        for m in methods { html += "<p>\(htmlEscaped(m))</p>\n" }
        if !provenance.isEmpty { html += table(rows: provenance.map { [$0.0, $0.1, $0.2] }, head: ["stage", "decision", "value"]) }
        if !timings.isEmpty {
            html += "<h3>Timings</h3>\n" + table(rows: timings.map { [$0.0, String(format: "%.2f s", $0.1)] }, head: ["stage", "time"])
        }
        html += "</body></html>\n"
        return html
    }

    private func segmentTable() -> String {
        var rows: [[String]] = []
        for s in segments {
            rows.append([String(s.segment.number), s.segment.name, s.segment.territory.rawValue,
                         CSVField.number(s.medianMlPerMinPerG, digits: 2), CSVField.number(s.meanMlPerMinPerG, digits: 2),
                         CSVField.number(s.sdMlPerMinPerG, digits: 2), String(s.validPixels), s.flag])
        }
        return table(rows: rows, head: ["#", "segment", "territory", "median", "mean", "SD", "pixels", "flag"], numericColumns: [0, 3, 4, 5, 6])
    }

    private func table(rows: [[String]], head: [String]?, numericColumns: Set<Int> = []) -> String {
        var out = "<table>\n"
        if let head { out += "<tr>" + head.map { "<th>\(htmlEscaped($0))</th>" }.joined() + "</tr>\n" }
        for row in rows {
            out += "<tr>" + row.enumerated().map { i, cell in
                "<td\(numericColumns.contains(i) ? " class=\"num\"" : "")>\(htmlEscaped(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }
}
