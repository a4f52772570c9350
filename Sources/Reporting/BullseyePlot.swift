import Anatomy
import Foundation

/// The AHA bull's-eye of segmental MBF as inline SVG (Cerqueira 2002 layout).
///
/// Rings from outside in: basal (1–6), mid (7–12), apical (13–16); the apex (17) is drawn grey.
/// Anterior at the top, septum on the left, lateral wall on the right. Each segment is filled by
/// `colourMap` and shows its number and MBF (the segment's reported value); segments without a value are hatched grey.
public struct BullseyePlot: Sendable {
    public var colourMap = ColourMap()
    public var size: Double = 360
    public var title: String = "MBF (ml/min/g)"

    public init(colourMap: ColourMap = ColourMap(), size: Double = 360, title: String = "MBF (ml/min/g)") {
        self.colourMap = colourMap
        self.size = size
        self.title = title
    }

    /// Centre angle (degrees, counter-clockwise from 3 o'clock) and width of a segment's sector.
    public static func sector(of segment: AHASegment) -> (startDegrees: Double, endDegrees: Double) {
        switch segment.level {
        case .basal, .mid:
            // 1 at the top (60°–120°), then 2, 3, … counter-clockwise over the septum.
            let k = Double((segment.number - 1) % 6)
            return (60 + 60 * k, 120 + 60 * k)
        case .apical:
            let k = Double(segment.number - 13)  // 13 top, 14 left (septal), 15 bottom, 16 right
            return (45 + 90 * k, 135 + 90 * k)
        }
    }

    private func radii(_ level: SliceLevel) -> (inner: Double, outer: Double) {
        let r = size * 0.40
        switch level {
        case .basal: return (r * 0.75, r)
        case .mid: return (r * 0.50, r * 0.75)
        case .apical: return (r * 0.22, r * 0.50)
        }
    }

    /// SVG markup for per-segment values (ml/min/g, nil = missing) and optional flags.
    public func svg(values: [Int: Double?], flagged: Set<Int> = []) -> String {
        let c = size / 2
        var parts: [String] = []
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(size + 90)) \(f(size))\" width=\"\(f(size + 90))\" height=\"\(f(size))\" role=\"img\" aria-label=\"AHA bull's-eye of MBF\">")
        parts.append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ddd\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#999\" stroke-width=\"2\"/></pattern></defs>")
        for segment in AHASegment.all {
            let (a0, a1) = Self.sector(of: segment)
            let (ri, ro) = radii(segment.level)
            let value = values[segment.number] ?? nil
            let fill = value.map { colourMap.hex($0) } ?? "url(#hatch)"
            let stroke = flagged.contains(segment.number) ? "#000" : "#fff"
            let width = flagged.contains(segment.number) ? 3 : 1.5
            parts.append("<path class=\"segment\" data-segment=\"\(segment.number)\" d=\"\(annularSector(cx: c, cy: c, inner: ri, outer: ro, from: a0, to: a1))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(width)\"><title>\(segment.number) \(htmlEscaped(segment.name)): \(value.map { String(format: "%.2f", $0) } ?? "no value")</title></path>")
            let mid = (a0 + a1) / 2 * .pi / 180, rm = (ri + ro) / 2
            let x = c + rm * cos(mid), y = c - rm * sin(mid)
            let textColour = value.map { $0 > colourMap.minimum + 0.55 * (colourMap.maximum - colourMap.minimum) ? "#000" : "#fff" } ?? "#333"
            let label = value.map { String(format: "%.2f", $0) } ?? "–"
            parts.append("<text x=\"\(f(x))\" y=\"\(f(y - 2))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(textColour)\">\(segment.number)</text>")
            parts.append("<text class=\"value\" x=\"\(f(x))\" y=\"\(f(y + 11))\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\" fill=\"\(textColour)\">\(label)</text>")
        }
        parts.append("<circle cx=\"\(f(c))\" cy=\"\(f(c))\" r=\"\(f(size * 0.40 * 0.22))\" fill=\"#bbb\" stroke=\"#fff\"/>")
        parts.append(colourBar(x: size + 20, y: size * 0.1, height: size * 0.8))
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A vertical colour bar with tick labels.
    public func colourBar(x: Double, y: Double, height: Double) -> String {
        var parts: [String] = []
        let steps = 40
        for i in 0..<steps {
            let v = colourMap.maximum - (colourMap.maximum - colourMap.minimum) * (Double(i) + 0.5) / Double(steps)
            parts.append("<rect x=\"\(f(x))\" y=\"\(f(y + height * Double(i) / Double(steps)))\" width=\"14\" height=\"\(f(height / Double(steps) + 0.5))\" fill=\"\(colourMap.hex(v))\"/>")
        }
        for k in 0...4 {
            let v = colourMap.minimum + (colourMap.maximum - colourMap.minimum) * Double(k) / 4
            let ty = y + height * (1 - Double(k) / 4)
            parts.append("<text x=\"\(f(x + 18))\" y=\"\(f(ty + 4))\" font-size=\"10\">\(String(format: "%.1f", v))</text>")
        }
        parts.append("<text x=\"\(f(x))\" y=\"\(f(y - 8))\" font-size=\"10\">\(htmlEscaped(title))</text>")
        return parts.joined(separator: "\n")
    }

    private func annularSector(cx: Double, cy: Double, inner: Double, outer: Double, from a0: Double, to a1: Double) -> String {
        func point(_ r: Double, _ a: Double) -> String {
            let t = a * .pi / 180
            return "\(f(cx + r * cos(t))) \(f(cy - r * sin(t)))"
        }
        let large = (a1 - a0) > 180 ? 1 : 0
        // Outer arc counter-clockwise on screen (sweep 0), inner arc back clockwise (sweep 1).
        return "M \(point(outer, a0)) A \(f(outer)) \(f(outer)) 0 \(large) 0 \(point(outer, a1)) L \(point(inner, a1)) A \(f(inner)) \(f(inner)) 0 \(large) 1 \(point(inner, a0)) Z"
    }

    private func f(_ x: Double) -> String { String(format: "%.1f", x) }
}
