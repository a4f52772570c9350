import Foundation
import MyoFlowCore

/// Finds the LV blood pool in a PD-normalised dynamic series from temporal features only (no
/// fixed intensities): strongly enhancing pixels are split into an early (RV) and a late group by
/// their half-peak arrival time; the LV is the largest compact late component; the ROI is that
/// component eroded away from the myocardium.
public enum BloodPoolDetection {
    public struct Options: Sendable, Equatable {
        /// Strong pixels: peak enhancement ≥ this fraction of the 99th percentile.
        public var strongFraction: Double = 0.5
        /// Dynamic frames averaged for the per-pixel baseline (the first ones after the PD frames).
        public var baselineFrames: Int = 3
        /// 4-neighbour erosions of the LV component.
        public var erosions: Int = 1
        /// Smallest component accepted as a blood pool, pixels.
        public var minimumPixels: Int = 4
        /// The RV and LV groups must arrive at least this far apart, s.
        public var minimumArrivalGapS: Double = 0.5
        public init() {}
    }

    public struct Result: Sendable, Equatable {
        /// The detected LV blood-pool component.
        public var lvComponent: Mask
        /// The robust ROI (eroded component).
        public var roi: Mask
        /// The early (RV) group, when one was found.
        public var rvGroup: Mask?
        /// Median half-peak arrival of the LV and RV groups, s.
        public var lvArrivalS: Double
        public var rvArrivalS: Double?
        /// Human-readable decisions for provenance.
        public var decisions: [String]
    }

    /// - Parameter series: a PD-normalised series (`SurfaceCoilCorrection` output) or any series
    ///   whose dynamic frames enhance with contrast.
    public static func detect(in series: ImageSeries, options: Options = Options()) throws -> Result {
        let name = series.seriesDescription
        let frames = series.dynamicFrameIndices
        guard frames.count >= 8 else {
            throw AIFError.unusableSeries(series: name, detail: "\(frames.count) dynamic frames; at least 8 are needed")
        }
        let times = frames.map { series.timesSeconds[$0] }
        let n = series.pixelsPerFrame, rows = series.rows, columns = series.columns
        let nBase = min(max(1, options.baselineFrames), frames.count / 4)
        var peak = [Double](repeating: 0, count: n), arrival = [Double](repeating: .nan, count: n)
        for p in 0..<n {
            var base = 0.0
            for k in 0..<nBase { base += Double(series.pixels[frames[k] * n + p]) }
            base /= Double(nBase)
            var e = [Double](repeating: 0, count: frames.count)
            var best = -Double.infinity
            for k in frames.indices {
                e[k] = Double(series.pixels[frames[k] * n + p]) - base
                if e[k].isFinite { best = max(best, e[k]) }
            }
            peak[p] = best.isFinite ? best : 0
            guard best > 0 else { continue }
            for k in 1..<frames.count where e[k] >= 0.5 * best {
                let f = (0.5 * best - e[k - 1]) / (e[k] - e[k - 1])
                arrival[p] = times[k - 1] + max(0, min(1, f)) * (times[k] - times[k - 1])
                break
            }
        }
        let positive = peak.filter { $0 > 0 && $0.isFinite }.sorted()
        guard !positive.isEmpty else { throw AIFError.bloodPoolNotFound(series: name, detail: "no pixel enhances") }
        let p99 = positive[min(positive.count - 1, Int(0.99 * Double(positive.count)))]
        let strong = (0..<n).map { peak[$0] >= options.strongFraction * p99 && arrival[$0].isFinite }
        var decisions = [String(format: "strong pixels: peak enhancement ≥ %.0f%% of the 99th percentile (%d pixels)",
                                options.strongFraction * 100, strong.filter { $0 }.count)]

        // Early/late split by Otsu's threshold on the arrival times of strong pixels.
        let strongArrivals = (0..<n).filter { strong[$0] }.map { arrival[$0] }
        var late = strong
        var rvGroup: Mask? = nil
        var rvArrival: Double? = nil
        if let threshold = otsu(strongArrivals) {
            let early = strongArrivals.filter { $0 <= threshold }.sorted(), lateTimes = strongArrivals.filter { $0 > threshold }.sorted()
            if !early.isEmpty, !lateTimes.isEmpty, lateTimes[lateTimes.count / 2] - early[early.count / 2] >= options.minimumArrivalGapS {
                late = (0..<n).map { strong[$0] && arrival[$0] > threshold }
                rvGroup = Mask(rows: rows, columns: columns, values: (0..<n).map { strong[$0] && arrival[$0] <= threshold })
                rvArrival = early[early.count / 2]
                decisions.append(String(format: "RV/LV split at arrival %.2f s (RV median %.2f s, LV median %.2f s)",
                                        threshold, early[early.count / 2], lateTimes[lateTimes.count / 2]))
            }
        }
        if rvGroup == nil { decisions.append("no separate early (RV) group: all strong pixels are LV candidates") }

        // The largest compact late component.
        let components = connectedComponents(late, rows: rows, columns: columns)
        var best: (score: Double, pixels: [Int])? = nil
        for component in components where component.count >= options.minimumPixels {
            let score = Double(component.count) * compactness(component, rows: rows, columns: columns)
            if best == nil || score > best!.score { best = (score, component) }
        }
        guard let lv = best?.pixels else {
            throw AIFError.bloodPoolNotFound(series: name, detail: "no late-enhancing component of ≥ \(options.minimumPixels) pixels")
        }
        var component = [Bool](repeating: false, count: n)
        for p in lv { component[p] = true }
        var roi = component
        for _ in 0..<options.erosions {
            let eroded = erode(roi, rows: rows, columns: columns)
            if eroded.filter({ $0 }).count >= max(1, options.minimumPixels / 2) { roi = eroded } else { break }
        }
        let lvArrivals = lv.map { arrival[$0] }.sorted()
        decisions.append("LV blood pool: \(lv.count) pixels, ROI \(roi.filter { $0 }.count) pixels after \(options.erosions) erosion(s)")
        return Result(lvComponent: Mask(rows: rows, columns: columns, values: component),
                      roi: Mask(rows: rows, columns: columns, values: roi), rvGroup: rvGroup,
                      lvArrivalS: lvArrivals[lvArrivals.count / 2], rvArrivalS: rvArrival, decisions: decisions)
    }

    /// Otsu's threshold of a 1-D sample (64 bins); nil when the values do not spread.
    static func otsu(_ values: [Double]) -> Double? {
        guard let lo = values.min(), let hi = values.max(), hi > lo else { return nil }
        let bins = 64
        var histogram = [Double](repeating: 0, count: bins)
        for v in values { histogram[min(bins - 1, Int((v - lo) / (hi - lo) * Double(bins)))] += 1 }
        let total = Double(values.count)
        let sumAll = histogram.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element }
        var weightBelow = 0.0, sumBelow = 0.0, bestVariance = -1.0, bestBin = 0
        for b in 0..<(bins - 1) {
            weightBelow += histogram[b]
            sumBelow += Double(b) * histogram[b]
            let weightAbove = total - weightBelow
            guard weightBelow > 0, weightAbove > 0 else { continue }
            let m0 = sumBelow / weightBelow, m1 = (sumAll - sumBelow) / weightAbove
            let variance = weightBelow * weightAbove * (m0 - m1) * (m0 - m1)
            if variance > bestVariance { bestVariance = variance; bestBin = b }
        }
        return lo + (Double(bestBin) + 1) / Double(bins) * (hi - lo)
    }

    /// 4-connected components of a mask, as pixel-index lists.
    static func connectedComponents(_ mask: [Bool], rows: Int, columns: Int) -> [[Int]] {
        var label = [Int](repeating: -1, count: mask.count)
        var components: [[Int]] = []
        for start in mask.indices where mask[start] && label[start] < 0 {
            var stack = [start], pixels: [Int] = []
            label[start] = components.count
            while let p = stack.popLast() {
                pixels.append(p)
                let r = p / columns, c = p % columns
                for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                    let rr = r + dr, cc = c + dc
                    guard rr >= 0, rr < rows, cc >= 0, cc < columns else { continue }
                    let q = rr * columns + cc
                    if mask[q] && label[q] < 0 { label[q] = components.count; stack.append(q) }
                }
            }
            components.append(pixels)
        }
        return components
    }

    /// 4πA/P² with P the count of exposed pixel edges (1 for a disk in the limit, lower for
    /// crescents such as the RV).
    static func compactness(_ pixels: [Int], rows: Int, columns: Int) -> Double {
        let set = Set(pixels)
        var perimeter = 0
        for p in pixels {
            let r = p / columns, c = p % columns
            for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                let rr = r + dr, cc = c + dc
                if rr < 0 || rr >= rows || cc < 0 || cc >= columns || !set.contains(rr * columns + cc) { perimeter += 1 }
            }
        }
        // Pixel-edge perimeters overestimate a disk's by 4/π; rescale so a disk scores ≈ 1.
        let p = Double(perimeter) * .pi / 4
        return min(1, 4 * .pi * Double(pixels.count) / (p * p))
    }

    /// One 4-neighbour erosion.
    static func erode(_ mask: [Bool], rows: Int, columns: Int) -> [Bool] {
        (0..<mask.count).map { p in
            guard mask[p] else { return false }
            let r = p / columns, c = p % columns
            return r > 0 && r < rows - 1 && c > 0 && c < columns - 1
                && mask[p - 1] && mask[p + 1] && mask[p - columns] && mask[p + columns]
        }
    }
}
