/// A perceptually ordered colour scale for MBF (dark blue → cyan → yellow → red), with a fixed
/// clinical range so that reports are comparable between patients.
public struct ColourMap: Sendable {
    public let minimum: Double
    public let maximum: Double

    /// Default MBF range 0–4 ml/min/g (stress MBF ~2.5–3.5, ischaemic < ~1.9).
    public init(minimum: Double = 0, maximum: Double = 4) {
        precondition(maximum > minimum, "colour map needs maximum > minimum")
        self.minimum = minimum
        self.maximum = maximum
    }

    private static let stops: [(Double, (Double, Double, Double))] = [
        (0.00, (0.05, 0.03, 0.35)), (0.25, (0.10, 0.35, 0.85)), (0.45, (0.10, 0.75, 0.80)),
        (0.65, (0.60, 0.85, 0.25)), (0.82, (0.98, 0.80, 0.10)), (1.00, (0.85, 0.10, 0.08)),
    ]

    /// RGB in 0–255 for a value (clamped to the range; NaN → grey).
    public func rgb(_ value: Double) -> (UInt8, UInt8, UInt8) {
        guard value.isFinite else { return (128, 128, 128) }
        let t = min(max((value - minimum) / (maximum - minimum), 0), 1)
        var i = 0
        while i < Self.stops.count - 2 && t > Self.stops[i + 1].0 { i += 1 }
        let (t0, c0) = Self.stops[i], (t1, c1) = Self.stops[i + 1]
        let f = (t - t0) / (t1 - t0)
        func channel(_ a: Double, _ b: Double) -> UInt8 { UInt8((255 * (a + (b - a) * f)).rounded()) }
        return (channel(c0.0, c1.0), channel(c0.1, c1.1), channel(c0.2, c1.2))
    }

    /// CSS hex colour, e.g. "#1a5cd9".
    public func hex(_ value: Double) -> String {
        let (r, g, b) = rgb(value)
        return "#" + [r, g, b].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
