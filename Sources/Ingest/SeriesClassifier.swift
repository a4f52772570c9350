import DICOM
import Foundation
import MyoFlowCore

/// What each slice group is used for, which frames are PD, and why.
public struct SeriesClassification: Sendable {
    public enum Role: Sendable, Equatable {
        /// A high-res slice; `level` 0 is the most basal.
        case slice(level: Int)
        case aif
        case ignored(reason: String)
    }

    /// Role of each group (same indices as the groups).
    public var roles: [Role]
    /// Group indices of the high-res slices, base → apex.
    public var sliceOrder: [Int]
    public var aifIndex: Int?
    /// PD frame indices of each group.
    public var pdFrames: [[Int]]
    /// How each group's PD frames were found.
    public var pdMethods: [String]
    /// Every decision, for the provenance.
    public var decisions: [Provenance.Entry]
    public var warnings: [IngestWarning]
}

/// Classifies slice groups: AIF series, high-res slices and their base → apex order, PD frames.
/// Every automatic choice can be overridden (`IngestOverrides`) and is recorded either way.
public enum SeriesClassifier {
    /// Pixel-area ratio above which a series counts as low resolution (AIF sequences are ≈ 2×
    /// coarser in each direction, so ≈ 4× the pixel area).
    public static let lowResolutionAreaRatio = 1.5
    /// Saturation-time ratio below which a series counts as the short-TS AIF sequence.
    public static let shortSaturationRatio = 0.6
    /// A PD frame is at least this many times brighter than the baseline dynamic frames.
    public static let pdIntensityRatio = 1.8
    /// At most this many leading frames are PD frames.
    public static let maxPDFrames = 5
    /// LV long-axis direction (base → apex) in LPS: towards patient left, anterior, inferior.
    public static let apexwardLPS = SIMD3<Double>(1, -1, -1) / 3.0.squareRoot()

    public static func classify(_ groups: [SeriesGroup], overrides: IngestOverrides = IngestOverrides()) throws -> SeriesClassification {
        var decisions: [Provenance.Entry] = []
        var warnings: [IngestWarning] = []
        var roles = [SeriesClassification.Role](repeating: .ignored(reason: "not classified"), count: groups.count)
        func record(_ key: String, _ value: String, overridden: Bool = false) {
            decisions.append(Provenance.Entry(stage: "ingest", key: key, value: value, overridden: overridden))
        }

        // Candidates: groups with a perfusion-length time series.
        let maxFrames = groups.map(\.frames.count).max() ?? 0
        var candidates: [Int] = []
        for (i, g) in groups.enumerated() {
            if g.frames.count >= max(3, maxFrames / 2) { candidates.append(i) } else {
                roles[i] = .ignored(reason: "\(g.frames.count) frame(s), perfusion series have ~\(maxFrames)")
            }
        }

        // AIF series.
        var aif: Int?
        switch overrides.aifSeries {
        case .some(.none):
            record("aif-series", "none (user override)", overridden: true)
        case let .some(.some(selector)):
            aif = try resolve(selector, in: groups, option: "--aif-series")
            record("aif-series", "\(groups[aif!].label) \(groups[aif!].seriesInstanceUID) (user override)", overridden: true)
        case .none:
            let (choice, reason) = detectAIF(groups, candidates: candidates)
            aif = choice
            record("aif-series", choice.map { "\(groups[$0].label) \(groups[$0].seriesInstanceUID): \(reason)" } ?? "none: \(reason)")
        }
        if let a = aif { roles[a] = .aif }

        // High-res slices, base → apex.
        var slices: [Int]
        if let chosen = overrides.slices {
            slices = try chosen.map { try resolve($0, in: groups, option: "--slices") }
            guard Set(slices).count == slices.count else { throw IngestError.invalidOverride(option: "--slices", detail: "a series is listed twice") }
            if let a = aif, slices.contains(a) { throw IngestError.invalidOverride(option: "--slices", detail: "\(groups[a].label) is also the AIF series; pass --aif-series none or another series") }
            record("slice-order", "base → apex: " + slices.map { groups[$0].label }.joined(separator: ", ") + " (user override)", overridden: true)
        } else {
            let pool = candidates.filter { $0 != aif }
            let (ordered, note, excluded) = orderSlices(groups, indices: pool)
            slices = ordered
            for (i, reason) in excluded { roles[i] = .ignored(reason: reason) }
            record("slice-order", "base → apex: " + slices.map { groups[$0].label }.joined(separator: ", ") + (note.isEmpty ? "" : " (\(note))"))
            if note.contains("check") { warnings.append(IngestWarning(message: "slice order: \(note); pass --slices to set it")) }
        }
        for (level, i) in slices.enumerated() { roles[i] = .slice(level: level) }

        // PD frames.
        var pdFrames = [[Int]](repeating: [], count: groups.count)
        var pdMethods = [String](repeating: "none", count: groups.count)
        for i in slices + (aif.map { [$0] } ?? []) {
            let g = groups[i]
            if let forced = overrides.pdFrames {
                guard forced.allSatisfy({ $0 < g.frames.count }), forced.count <= g.frames.count - 2 else {
                    throw IngestError.invalidOverride(option: "--pd-frames", detail: "frames \(forced) do not fit \(g.label) (\(g.frames.count) frames, at least 2 must stay dynamic)")
                }
                pdFrames[i] = forced
                pdMethods[i] = "user override"
                record("pd-frames", "\(g.label): \(forced) (user override)", overridden: true)
            } else if g.mergedPDFrames > 0 {
                pdFrames[i] = Array(0..<g.mergedPDFrames)
                pdMethods[i] = "separate PD series"
                record("pd-frames", "\(g.label): \(pdFrames[i]) (from a separate PD series)")
            } else {
                let (frames, method) = detectPD(means: g.frames.map(\.meanIntensity), flips: g.frames.map(\.flipAngleDeg))
                pdFrames[i] = frames
                pdMethods[i] = method
                record("pd-frames", "\(g.label): \(frames.isEmpty ? "none" : frames.description) (\(method))")
            }
        }
        if slices.isEmpty {
            warnings.append(IngestWarning(message: "no high-res perfusion slice series found"))
        }
        return SeriesClassification(roles: roles, sliceOrder: slices, aifIndex: aif, pdFrames: pdFrames, pdMethods: pdMethods,
                                    decisions: decisions, warnings: warnings)
    }

    static func resolve(_ selector: SeriesSelector, in groups: [SeriesGroup], option: String) throws -> Int {
        switch selector {
        case let .index(i):
            guard groups.indices.contains(i) else {
                throw IngestError.invalidOverride(option: option, detail: "series index \(i) does not exist (0..<\(groups.count); see `myoflow inspect`)")
            }
            return i
        case let .uid(uid):
            let matches = groups.indices.filter { groups[$0].seriesInstanceUID == uid }
            guard matches.count == 1 else {
                throw IngestError.invalidOverride(option: option, detail: matches.isEmpty
                    ? "no series with SeriesInstanceUID \(uid) (see `myoflow inspect`)"
                    : "SeriesInstanceUID \(uid) holds \(matches.count) slice positions; use their indices \(matches) instead")
            }
            return matches[0]
        }
    }

    /// The low-resolution and/or short-saturation-time series, if one stands out.
    static func detectAIF(_ groups: [SeriesGroup], candidates: [Int]) -> (Int?, String) {
        guard candidates.count >= 2 else { return (nil, "only \(candidates.count) perfusion series") }
        func area(_ i: Int) -> Double? { groups[i].pixelSpacing?.pixelAreaMm2 }
        func matrix(_ i: Int) -> Double { Double(groups[i].rows * groups[i].columns) }
        func ts(_ i: Int) -> Double? { groups[i].median { $0.inversionTimeMs } }
        func median(_ v: [Double]) -> Double? {
            let s = v.sorted()
            guard !s.isEmpty else { return nil }
            return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
        }
        var lowRes: (Int, String)?
        if candidates.allSatisfy({ area($0) != nil }),
           let coarsest = candidates.max(by: { area($0)! < area($1)! }),
           let others = median(candidates.filter { $0 != coarsest }.map { area($0)! }), others > 0 {
            let ratio = area(coarsest)! / others
            if ratio >= lowResolutionAreaRatio {
                lowRes = (coarsest, String(format: "pixel area %.2f× the other series", ratio))
            }
        }
        if lowRes == nil, let smallest = candidates.min(by: { matrix($0) < matrix($1) }),
           let others = median(candidates.filter { $0 != smallest }.map(matrix)), matrix(smallest) <= 0.6 * others {
            lowRes = (smallest, "matrix \(groups[smallest].rows)×\(groups[smallest].columns), smaller than the others")
        }
        var shortTS: (Int, String)?
        if candidates.allSatisfy({ ts($0) != nil }), let shortest = candidates.min(by: { ts($0)! < ts($1)! }),
           let others = median(candidates.filter { $0 != shortest }.map { ts($0)! }), others > 0, ts(shortest)! <= shortSaturationRatio * others {
            shortTS = (shortest, String(format: "saturation time %.0f ms vs %.0f ms", ts(shortest)!, others))
        }
        switch (lowRes, shortTS) {
        case let (l?, s?) where l.0 == s.0: return (l.0, "\(l.1), \(s.1)")
        case let (l?, _): return (l.0, l.1)
        case let (nil, s?): return (s.0, s.1)
        default: return (nil, "no series has a clearly lower resolution or shorter saturation time")
        }
    }

    /// Orders slices base → apex along their common normal, oriented towards the apex.
    /// Returns the order, a note for the provenance and groups excluded (other orientations).
    static func orderSlices(_ groups: [SeriesGroup], indices: [Int]) -> ([Int], String, [(Int, String)]) {
        guard let firstNormal = indices.lazy.compactMap({ groups[$0].normal }).first else {
            let byLocation = indices.sorted { (groups[$0].frames.first?.sliceLocation ?? 0) < (groups[$1].frames.first?.sliceLocation ?? 0) }
            return (byLocation, indices.count > 1 ? "no ImageOrientationPatient; ordered by SliceLocation, check the order" : "", [])
        }
        var kept: [Int] = []
        var excluded: [(Int, String)] = []
        var sum = SIMD3<Double>.zero
        for i in indices {
            guard let n = groups[i].normal else { excluded.append((i, "no ImageOrientationPatient")); continue }
            let dot = (n * firstNormal).sum()
            if abs(dot) < 0.94 {  // > ~20° from the stack: another view (long axis, localiser)
                excluded.append((i, String(format: "orientation %.0f° from the short-axis stack", acos(min(1, abs(dot))) * 180 / .pi)))
                continue
            }
            kept.append(i)
            sum += dot < 0 ? -n : n
        }
        var axis = sum / max(1e-12, (sum * sum).sum().squareRoot())
        let alignment = (axis * apexwardLPS).sum()
        if alignment < 0 { axis = -axis }
        let location: (Int) -> Double = { i in groups[i].frames.first?.position.map { ($0 * axis).sum() } ?? 0 }
        let ordered = kept.sorted { location($0) < location($1) }
        var note = String(format: "along the slice normal, %.0f° from the expected LV long axis", acos(min(1, abs(alignment))) * 180 / .pi)
        if abs(alignment) < 0.3, kept.count > 1 { note += "; normal nearly perpendicular to the expected long axis, check the order" }
        return (ordered, note, excluded)
    }

    /// Leading PD frames: a different flip angle, else a clear intensity step.
    public static func detectPD(means: [Double], flips rawFlips: [Double?]) -> ([Int], String) {
        let n = means.count
        let limit = min(maxPDFrames, n - 2)
        guard limit > 0 else { return ([], "too few frames") }
        // Flip angle: the dynamic flip angle is the most common one.
        let flips = rawFlips.map { $0.map { ($0 * 10).rounded() / 10 } }
        if flips.count == n, flips.allSatisfy({ $0 != nil }) {
            var counts: [Double: Int] = [:]
            for f in flips { counts[f!, default: 0] += 1 }
            if counts.count > 1, let mode = counts.max(by: { $0.value < $1.value })?.key, counts[mode]! * 2 > n {
                let leading = Array(flips.prefix { $0 != mode }.indices)
                if !leading.isEmpty, leading.count <= limit {
                    return (leading, "flip angle \(flips[0]!)° vs \(mode)° in the dynamic frames")
                }
            }
        }
        // Intensity: leading frames clearly brighter than the baseline of the following frames.
        let rest = Array(means[min(limit, n - 1)...]).sorted()
        let baseline = rest[max(0, rest.count / 4)]  // 25th percentile: robust to contrast enhancement
        guard baseline > 0 else { return ([], "no intensity baseline") }
        var leading: [Int] = []
        for f in 0..<limit where leading.count == f && means[f] >= pdIntensityRatio * baseline { leading.append(f) }
        if !leading.isEmpty {
            return (leading, String(format: "intensity step: %.1f× the baseline of the dynamic frames", means[leading.last!] / baseline))
        }
        return ([], "no flip-angle change or intensity step")
    }
}
