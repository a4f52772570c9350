import Foundation

/// A small inline-SVG line chart (time curves: AIF, segment curves and their fits).
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var colour: String
        public var dashed: Bool
        /// Draw markers (measured samples) instead of a line (model fits).
        public var markers: Bool

        public init(name: String, x: [Double], y: [Double], colour: String, dashed: Bool = false, markers: Bool = false) {
            self.name = name; self.x = x; self.y = y; self.colour = colour; self.dashed = dashed; self.markers = markers
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var width: Double = 520
    public var height: Double = 260

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series
    }

    public func svg() -> String {
        let left = 52.0, right = 130.0, top = 24.0, bottom = 36.0
        let pw = width - left - right, ph = height - top - bottom
        let xs = series.flatMap(\.x).filter(\.isFinite), ys = series.flatMap(\.y).filter(\.isFinite)
        let x0 = xs.min() ?? 0, x1 = max((xs.max() ?? 1), x0 + 1e-9)
        let y0 = min(0, ys.min() ?? 0), y1 = max((ys.max() ?? 1) * 1.05, y0 + 1e-9)
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + ph - (y - y0) / (y1 - y0) * ph }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(htmlEscaped(title))\">"]
        parts.append("<text x=\"\(f(left))\" y=\"14\" font-size=\"12\" font-weight=\"bold\">\(htmlEscaped(title))</text>")
        parts.append("<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#888\"/>")
        for k in 0...4 {
            let xv = x0 + (x1 - x0) * Double(k) / 4, yv = y0 + (y1 - y0) * Double(k) / 4
            parts.append("<text x=\"\(f(px(xv)))\" y=\"\(f(top + ph + 14))\" font-size=\"10\" text-anchor=\"middle\">\(String(format: "%.0f", xv))</text>")
            parts.append("<text x=\"\(f(left - 4))\" y=\"\(f(py(yv) + 3))\" font-size=\"10\" text-anchor=\"end\">\(String(format: "%.2g", yv))</text>")
        }
        parts.append("<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 4))\" font-size=\"10\" text-anchor=\"middle\">\(htmlEscaped(xLabel))</text>")
        parts.append("<text x=\"12\" y=\"\(f(top + ph / 2))\" font-size=\"10\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(f(top + ph / 2)))\">\(htmlEscaped(yLabel))</text>")
        for (i, s) in series.enumerated() {
            let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }
            if s.markers {
                for (x, y) in points { parts.append("<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"2\" fill=\"\(s.colour)\"/>") }
            } else if !points.isEmpty {
                let d = points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
                parts.append("<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(s.colour)\" stroke-width=\"1.5\"\(s.dashed ? " stroke-dasharray=\"4 3\"" : "")/>")
            }
            let ly = top + 10 + Double(i) * 14
            parts.append("<rect x=\"\(f(left + pw + 8))\" y=\"\(f(ly - 7))\" width=\"10\" height=\"3\" fill=\"\(s.colour)\"/>")
            parts.append("<text x=\"\(f(left + pw + 22))\" y=\"\(f(ly - 2))\" font-size=\"10\">\(htmlEscaped(s.name))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
