import MyoFlowCore

/// The early (RV) and late (LV) classes of the strongly enhancing pixels' arrival times, by 1-D
/// two-means (exact optimal split of the sorted values).
///
/// A late class with no pool-sized region is not the LV but pixels brightened later by something
/// else (a gasp moving bright tissue in, say): when allowed, it is set aside and the rest split
/// again (at most twice). The caller decides whether a set-aside is plausible (`setAside`,
/// `lateMean`); the classes never lose the LV silently.
struct ArrivalClasses {
    /// The early class (nil when the classes are not separable by `minimumTransitSeconds`).
    private(set) var early: Mask?
    /// Connected components of the late class (every candidate when not separable).
    private(set) var lateComponents: [[Int]] = []
    /// Mean arrival of the final late class, s.
    private(set) var lateMean = Double.nan
    /// Classes set aside: their pixel count, mean arrival and the split threshold, s.
    private(set) var setAside: [(pixels: Int, meanArrival: Double, after: Double)] = []

    init(candidate initial: [Bool], arrivalSeconds: [Double], rows: Int, columns: Int,
         minimumPixels: Int, minimumTransitSeconds: Double, setAsideAllowed: Bool) {
        var candidate = initial
        let n = candidate.count
        for _ in 0..<3 {
            let arrivals = candidate.indices.filter { candidate[$0] }.map { arrivalSeconds[$0] }.sorted()
            let split = arrivals.count >= minimumPixels ? Self.twoMeansSplit(arrivals) : nil
            var lateOnly = candidate
            early = nil
            if let split, split.lateMean - split.earlyMean >= minimumTransitSeconds {
                var e = [Bool](repeating: false, count: n)
                for i in 0..<n where candidate[i] && arrivalSeconds[i] < split.threshold { e[i] = true; lateOnly[i] = false }
                early = Mask(rows: rows, columns: columns, values: e)
            }
            lateComponents = ConnectedComponents.of(Mask(rows: rows, columns: columns, values: lateOnly))
            lateMean = split?.lateMean ?? .nan
            guard let split, early != nil, setAsideAllowed, !lateComponents.contains(where: { $0.count >= minimumPixels }) else { return }
            setAside.append((lateOnly.reduce(0) { $0 + ($1 ? 1 : 0) }, split.lateMean, split.threshold))
            for i in 0..<n where lateOnly[i] { candidate[i] = false }
        }
    }

    /// Optimal split of sorted values into two classes (minimum within-class variance).
    static func twoMeansSplit(_ sorted: [Double]) -> (threshold: Double, earlyMean: Double, lateMean: Double)? {
        let n = sorted.count
        guard n >= 4 else { return nil }
        var prefix = [0.0], prefix2 = [0.0]
        for v in sorted { prefix.append(prefix.last! + v); prefix2.append(prefix2.last! + v * v) }
        var best: (cost: Double, k: Int) = (.infinity, 0)
        let minClass = max(2, n / 50)
        for k in minClass...(n - minClass) {
            let s1 = prefix[k], q1 = prefix2[k], s2 = prefix[n] - s1, q2 = prefix2[n] - q1
            let cost = (q1 - s1 * s1 / Double(k)) + (q2 - s2 * s2 / Double(n - k))
            if cost < best.cost { best = (cost, k) }
        }
        guard best.k > 0 else { return nil }
        let k = best.k
        return ((sorted[k - 1] + sorted[k]) / 2, prefix[k] / Double(k), (prefix[n] - prefix[k]) / Double(n - k))
    }
}
