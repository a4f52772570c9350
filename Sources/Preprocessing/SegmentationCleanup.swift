import MyoFlowCore

/// Anatomical clean-up of a network's label map (native grid): one myocardial component, LV blood
/// inside it, one RV blood pool next to it. Every correction it cannot make is a warning.
///
/// - Myocardium: the largest 4-connected component. Closed ring ⇔ the LV centre is not reachable
///   from the image border through non-myocardium pixels (4-connected flood fill).
/// - LV blood: with a closed ring, every non-myocardium pixel inside it (papillary muscles count
///   as blood, TissueLabel.lvBlood); else the LV-labelled component nearest the LV centre.
/// - RV blood: the largest RV-labelled component within `rvContactMm` of the myocardium.
public struct SegmentationCleanup: Sendable {
    public var rvContactMm: Double = 10
    /// Below this myocardial area the result is flagged (a mid-ventricular ring is ~1500–3000 mm²).
    public var minimumMyocardiumMm2: Double = 300

    public init() {}

    public struct Result: Sendable {
        public var labels: LabelMap
        public var ringClosed: Bool
        public var warnings: [String]
    }

    /// nil when there is no myocardium or no LV blood at all (caller falls back).
    public func clean(_ raw: LabelMap, lvCentre: PixelPosition, spacing: PixelSpacing) -> Result? {
        let rows = raw.rows, columns = raw.columns
        var warnings: [String] = []
        guard let myoPixels = ConnectedComponents.of(raw.mask(.myocardium)).first else { return nil }
        var myo = [Bool](repeating: false, count: rows * columns)
        for i in myoPixels { myo[i] = true }
        let myoAreaMm2 = Double(myoPixels.count) * spacing.pixelAreaMm2
        if myoAreaMm2 < minimumMyocardiumMm2 {
            warnings.append(String(format: "myocardium found is only %.0f mm² (expected > %.0f mm²)", myoAreaMm2, minimumMyocardiumMm2))
        }
        // Outside = reachable from the border without crossing myocardium.
        var outside = [Bool](repeating: false, count: rows * columns)
        var stack: [Int] = []
        for r in 0..<rows { for c in [0, columns - 1] { stack.append(r * columns + c) } }
        for c in 0..<columns { for r in [0, rows - 1] { stack.append(r * columns + c) } }
        while let i = stack.popLast() {
            guard !outside[i], !myo[i] else { continue }
            outside[i] = true
            let r = i / columns, c = i % columns
            if r > 0 { stack.append(i - columns) }
            if r < rows - 1 { stack.append(i + columns) }
            if c > 0 { stack.append(i - 1) }
            if c < columns - 1 { stack.append(i + 1) }
        }
        var lv = [Bool](repeating: false, count: rows * columns)
        let interior = (0..<(rows * columns)).filter { !outside[$0] && !myo[$0] }
        let cr = min(rows - 1, max(0, Int(lvCentre.row.rounded()))), cc = min(columns - 1, max(0, Int(lvCentre.column.rounded())))
        let labelledLV = interior.filter { raw.labels[$0] == TissueLabel.lvBlood.rawValue }.count
        let ringClosed = !interior.isEmpty && labelledLV > 0
        if ringClosed {
            for i in interior { lv[i] = true }
            if outside[cr * columns + cc] && !lv[cr * columns + cc] {
                warnings.append("the LV centre from the blood-pool search lies outside the myocardial ring")
            }
        } else {
            warnings.append("the myocardial ring is not closed; LV blood taken from the network's LV label")
            let components = ConnectedComponents.of(raw.mask(.lvBlood))
            guard !components.isEmpty else { return nil }
            func distance(_ pixels: [Int]) -> Double {
                pixels.lazy.map { i -> Double in
                    let dr = Double(i / columns) - lvCentre.row, dc = Double(i % columns) - lvCentre.column
                    return dr * dr + dc * dc
                }.min() ?? .infinity
            }
            for i in components.min(by: { distance($0) < distance($1) })! { lv[i] = true }
        }
        // RV: largest RV component touching the myocardium dilated by rvContactMm.
        let near = Self.dilate(myo, rows: rows, columns: columns,
                               radiusRows: Int((rvContactMm / spacing.rowMm).rounded(.up)),
                               radiusColumns: Int((rvContactMm / spacing.columnMm).rounded(.up)))
        var rvMask = raw.mask(.rvBlood)
        for i in rvMask.values.indices where lv[i] || myo[i] { rvMask.values[i] = false }
        let rv = ConnectedComponents.of(rvMask).first { $0.contains { near[$0] } }
        if rv == nil { warnings.append("no RV blood pool next to the myocardium") }
        var out = LabelMap(rows: rows, columns: columns)
        for i in 0..<(rows * columns) {
            if myo[i] { out.labels[i] = TissueLabel.myocardium.rawValue } else if lv[i] { out.labels[i] = TissueLabel.lvBlood.rawValue }
        }
        for i in rv ?? [] { out.labels[i] = TissueLabel.rvBlood.rawValue }
        return Result(labels: out, ringClosed: ringClosed, warnings: warnings)
    }

    /// Box (Chebyshev-rectangle) dilation, separable.
    static func dilate(_ m: [Bool], rows: Int, columns: Int, radiusRows: Int, radiusColumns: Int) -> [Bool] {
        var a = [Bool](repeating: false, count: m.count)
        for r in 0..<rows {
            var last = -Int.max / 2
            for c in 0..<columns { if m[r * columns + c] { last = c }; if c - last <= radiusColumns { a[r * columns + c] = true } }
            last = Int.max / 2
            for c in stride(from: columns - 1, through: 0, by: -1) { if m[r * columns + c] { last = c }; if last - c <= radiusColumns { a[r * columns + c] = true } }
        }
        var b = [Bool](repeating: false, count: m.count)
        for c in 0..<columns {
            var last = -Int.max / 2
            for r in 0..<rows { if a[r * columns + c] { last = r }; if r - last <= radiusRows { b[r * columns + c] = true } }
            last = Int.max / 2
            for r in stride(from: rows - 1, through: 0, by: -1) { if a[r * columns + c] { last = r }; if last - r <= radiusRows { b[r * columns + c] = true } }
        }
        return b
    }
}
