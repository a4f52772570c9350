import Foundation

/// How frames must be scaled before they enter a network: the `input_normalisation` attribute of
/// a model file (JSON), written by the training script.
/// - `none`: values as stored.
/// - `zscore`: per frame and channel, (x − mean)/std (std floor 1e-8).
/// - `minmax`: per frame and channel, (x − min)/(max − min) (0 for a constant channel).
/// - `percentile`: per frame and channel, (x − P_lower)/(P_upper − P_lower), clipped to [0, 1] when
///   `clip` (percentiles in %; nearest-rank).
/// - `minmax_histeq`: per frame and channel, min-max to [0, 1] then 256-bin histogram
///   equalisation (tools/train/myoflow_train/preprocess.py `prepare`, the segmentation network's
///   input): y = interp(x01, bin centres, cdf), linear, clamped at both ends; a constant channel
///   gives zeros.
public struct InputNormalisation: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable { case none, zscore, minmax, percentile
        case minmaxHistogramEqualisation = "minmax_histeq" }
    public var method: Method
    public var lowerPercentile: Double?
    public var upperPercentile: Double?
    public var clip: Bool?

    enum CodingKeys: String, CodingKey {
        case method, clip
        case lowerPercentile = "lower_percentile", upperPercentile = "upper_percentile"
    }

    public init(method: Method, lowerPercentile: Double? = nil, upperPercentile: Double? = nil, clip: Bool? = nil) {
        self.method = method
        self.lowerPercentile = lowerPercentile
        self.upperPercentile = upperPercentile
        self.clip = clip
    }

    public static let none = InputNormalisation(method: .none)

    public static func decode(json: String, file: String) throws -> InputNormalisation {
        do { return try JSONDecoder().decode(InputNormalisation.self, from: Data(json.utf8)) } catch {
            throw NeuralEngineError.badModelFile(file: file, problem: "input_normalisation is not valid (\(error))")
        }
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Normalises every frame and channel of `x`.
    public func apply(_ x: Tensor) -> Tensor {
        guard method != .none else { return x }
        var out = x
        let plane = x.height * x.width
        if method == .minmaxHistogramEqualisation {
            for start in stride(from: 0, to: x.values.count, by: plane) {
                Self.equalise(x.values, start: start, count: plane, into: &out.values)
            }
            return out
        }
        for start in stride(from: 0, to: x.values.count, by: plane) {
            let v = x.values[start..<(start + plane)]
            let (offset, scale): (Float, Float)
            switch method {
            case .none, .minmaxHistogramEqualisation: return x
            case .zscore:
                let mean = v.reduce(0.0) { $0 + Double($1) } / Double(plane)
                let variance = v.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(plane)
                (offset, scale) = (Float(mean), Float(1 / max(variance.squareRoot(), 1e-8)))
            case .minmax:
                let lo = v.min() ?? 0, hi = v.max() ?? 0
                (offset, scale) = (lo, hi > lo ? 1 / (hi - lo) : 0)
            case .percentile:
                let sorted = v.sorted()
                func rank(_ p: Double) -> Float { sorted[min(plane - 1, max(0, Int((p / 100 * Double(plane - 1)).rounded())))] }
                let lo = rank(lowerPercentile ?? 1), hi = rank(upperPercentile ?? 99)
                (offset, scale) = (lo, hi > lo ? 1 / (hi - lo) : 0)
            }
            for i in start..<(start + plane) {
                var y = (x.values[i] - offset) * scale
                if method == .percentile, clip ?? true { y = min(max(y, 0), 1) }
                out.values[i] = y
            }
        }
        return out
    }

    /// Histogram-equalisation bins (preprocess.py BINS).
    public static let histogramBins = 256

    /// preprocess.prepare on one plane: x01 = (x − min)/(max − min) in Float (as numpy float32);
    /// hist over 256 equal bins of [0, 1] (last bin closed); cdf = cumsum/N;
    /// y = interp(x01, (k + 0.5)/256, cdf) in Double, clamped at both ends.
    static func equalise(_ x: [Float], start: Int, count: Int, into out: inout [Float]) {
        let v = x[start..<(start + count)]
        let lo = v.min() ?? 0, hi = v.max() ?? 0
        guard hi > lo else {
            for i in start..<(start + count) { out[i] = 0 }
            return
        }
        let bins = histogramBins
        let range = hi - lo
        var x01 = [Float](repeating: 0, count: count)
        var histogram = [Int](repeating: 0, count: bins)
        for k in 0..<count {
            let y = (x[start + k] - lo) / range
            x01[k] = y
            histogram[min(bins - 1, max(0, Int(Double(y) * Double(bins))))] += 1
        }
        var cdf = [Double](repeating: 0, count: bins)
        var total = 0
        for b in 0..<bins { total += histogram[b]; cdf[b] = Double(total) / Double(count) }
        for k in 0..<count {
            let t = Double(x01[k]) * Double(bins) - 0.5  // position in bin-centre units
            let y: Double
            if t <= 0 { y = cdf[0] } else if t >= Double(bins - 1) { y = cdf[bins - 1] } else {
                let j = Int(t), w = t - Double(j)
                y = cdf[j] + w * (cdf[j + 1] - cdf[j])
            }
            out[start + k] = Float(y)
        }
    }
}
