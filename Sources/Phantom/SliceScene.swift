import Foundation
import MyoFlowCore
import Anatomy

/// The motion-free content of one slice on one pixel grid: tissue per pixel, which curve each
/// pixel follows, its signal amplitude M0·texture·B, and the ground-truth maps (MBF, labels, AHA
/// segments, landmarks).
public struct SliceScene: Sendable {
    public let grid: SliceGrid
    public let level: SliceLevel
    /// Tissue code per pixel (`PhantomTissue`).
    public var tissue: [UInt8]
    /// Index into `curveKeys` per pixel.
    public var curveIndex: [Int32]
    public var curveKeys: [CurveKey]
    /// M0 × texture × coil gain per pixel (dimensionless).
    public var amplitude: [Float]
    /// Ground-truth MBF (ml/min/g) on LV myocardium, 0 elsewhere.
    public var mbf: [Float]
    /// AHA segment number (1–16) on LV myocardium, 0 elsewhere.
    public var segments: [UInt8]
    /// LV centre and RV insertion points, pixels (row, column).
    public var aha: AHAGeometry

    /// Segmentation labels (`TissueLabel` codes).
    public var labels: LabelMap {
        try! LabelMap(rows: grid.rows, columns: grid.columns, labels: tissue.map { PhantomTissue(rawValue: $0)!.label })
    }

    /// Renders a level of `anatomy` on `grid`; `systolic` renders the end-systolic heart (mistriggered frames).
    public static func render(anatomy: StudyAnatomy, level: SliceLevel, grid: SliceGrid, pattern: PerfusionPattern,
                              systolic: Bool = false) -> SliceScene {
        let shape = systolic ? anatomy.hearts[level]!.systolic : anatomy.hearts[level]!
        let centre = anatomy.lvCentres[level]!
        let liverShift = anatomy.liverShiftMm[level] ?? 0
        let n = grid.rows * grid.columns
        // Landmarks in pixels.
        let cPix = grid.pixel(ofAnatomy: centre)
        let rvi = shape.rvInsertionsMm
        let ant = grid.pixel(ofAnatomy: (centre.x + rvi.anterior.dx, centre.y + rvi.anterior.dy))
        let inf = grid.pixel(ofAnatomy: (centre.x + rvi.inferior.dx, centre.y + rvi.inferior.dy))
        let aha = AHAGeometry(lvCentre: .init(row: cPix.row, column: cPix.column),
                              anteriorRVInsertion: .init(row: ant.row, column: ant.column),
                              inferiorRVInsertion: .init(row: inf.row, column: inf.column))
        var tissue = [UInt8](repeating: 0, count: n)
        var keys = [CurveKey](repeating: .none, count: n)
        var amplitude = [Float](repeating: 0, count: n)
        var mbf = [Float](repeating: 0, count: n)
        var segments = [UInt8](repeating: 0, count: n)
        for r in 0..<grid.rows {
            for c in 0..<grid.columns {
                let i = r * grid.columns + c
                let p = grid.anatomyMm(grid.imageMm(row: Double(r), column: Double(c)))
                var t: PhantomTissue
                var key: CurveKey
                if let shell = anatomy.body.classifyShell(x: p.x, y: p.y) {
                    t = shell
                } else if let h = shape.classify(dy: p.y - centre.y, dx: p.x - centre.x) {
                    t = h.tissue
                    if t == .myocardium {
                        let seg = aha.segment(row: Double(r), column: Double(c), level: level).number
                        let layer = min(PerfusionPattern.layerCount - 1, Int(h.depth * Double(PerfusionPattern.layerCount)))
                        segments[i] = UInt8(seg)
                        mbf[i] = Float(pattern.mbf[seg - 1][layer])
                        keys[i] = .myocardium(segment: seg, layer: layer)
                    }
                } else {
                    t = anatomy.body.classifyDeep(x: p.x, y: p.y, liverShiftMm: liverShift)
                }
                switch t {
                case .air, .fat, .spinalCanal, .myocardium: key = keys[i]
                case .lvBlood: key = .lvBlood
                case .rvBlood: key = .rvBlood
                case .aorta: key = .aorta
                case .papillary: key = .papillary
                case .rvWall: key = .rvWall
                case .muscle: key = .muscle
                case .lung: key = .lung
                case .liver: key = .liver
                case .marrow: key = .marrow
                case .mediastinum: key = .mediastinum
                }
                keys[i] = key
                tissue[i] = t.rawValue
                amplitude[i] = Float(t.protonDensity * anatomy.texture(t, x: p.x, y: p.y) * anatomy.coil.gain(x: p.x, y: p.y))
            }
        }
        let distinct = Array(Set(keys)).sorted()
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
        return SliceScene(grid: grid, level: level, tissue: tissue, curveIndex: keys.map { index[$0]! }, curveKeys: distinct,
                          amplitude: amplitude, mbf: mbf, segments: segments, aha: aha)
    }
}
