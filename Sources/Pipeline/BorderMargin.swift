import MyoFlowCore

/// How far inside the myocardial borders the segment statistics and segment-mean curves start
/// (`MyocardialCore`; maps keep every pixel). Border pixels mix in blood and fat (point spread,
/// partial volume, residual motion), and how far that reaches is a distance, not a pixel count:
/// one erosion step is 1.2 mm of margin on a 1.2 mm image but 3 mm on a 3 mm one.
public enum BorderMargin: Sendable, Equatable, CustomStringConvertible {
    /// The whole number of 3 × 3 erosion steps nearest to this margin at the slice's pixel size
    /// (mean of the row and column spacing), at least one.
    case millimetres(Double)
    /// A fixed number of 3 × 3 erosion steps (0 keeps every myocardial pixel).
    case steps(Int)

    /// The default: 2.5 mm. Product chain (learned finder, iterative MoCo; stress-LAD, rest, stress-RCA
    /// × seeds 31, 32), per-segment MAE, one step → two: 1.2 mm pixels 4.2 → 2.8, 4.5 → 4.0,
    /// 4.0 → 3.4 %; 1.6 mm 6.1 → 4.7, 7.0 → 6.5, 5.4 → 4.1 %; three steps gained nothing more. At
    /// 2 mm it keeps one step, where a second cost 40 % of the pixels (Sources/Pipeline/README.md).
    public static let automatic = BorderMargin.millimetres(2.5)

    /// "auto" (`automatic`) or a whole number of steps ≥ 0, as the command line gives it; nil otherwise.
    public init?(parsing text: String) {
        if text == "auto" { self = .automatic; return }
        guard let n = Int(text), n >= 0 else { return nil }
        self = .steps(n)
    }

    /// Erosion steps for a slice with `spacing`.
    public func steps(for spacing: PixelSpacing) -> Int {
        switch self {
        case .steps(let n): return max(0, n)
        case .millimetres(let mm):
            let pixel = spacing.meanMm
            guard pixel > 0, pixel.isFinite, mm.isFinite else { return 1 }
            return max(1, Int((mm / pixel).rounded()))
        }
    }

    public var description: String {
        switch self {
        case .steps(let n): return "\(n) 3 × 3 step(s)"
        case .millimetres(let mm): return String(format: "%g mm (the nearest whole number of 3 × 3 steps at each slice's pixel size, at least one)", mm)
        }
    }
}
