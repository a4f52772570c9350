import Foundation
import MyoFlowCore

/// A PNG montage of a synthetic study: one row per series (basal, mid, apical, AIF upsampled to the
/// high-res matrix). Columns: a PD frame and the LV-peak frame over the whole field of view, then
/// ×2 crops around the heart of the last baseline frame, RV peak, LV peak, myocardial peak, the
/// last frame, the ground-truth MBF map (colour, 0–max(3.5, 1.2×normal) ml/min/g) and the labels
/// (LV blood red, myocardium yellow/orange by alternate AHA segment, RV blood blue).
public enum PreviewMontage {
    public static func write(_ s: SyntheticStudy, to path: String) throws {
        let all = s.study.slices + (s.study.aif.map { [$0] } ?? [])
        let ref = s.study.slices[0]
        let h = ref.rows, w = ref.columns, gap = 2
        let t = s.truth
        let pd = 0
        let lvPeak = t.series[0].peakLVFrame
        let rvPeak = max(t.spec.pdFrameCount, (t.spec.pdFrameCount..<ref.frames).max { a, b in
            t.series[0].curveGd[Int(t.series[0].scene.curveKeys.firstIndex(of: .rvBlood) ?? 0)][a] < t.series[0].curveGd[Int(t.series[0].scene.curveKeys.firstIndex(of: .rvBlood) ?? 0)][b]
        } ?? lvPeak)
        let foot = max(t.spec.pdFrameCount, rvPeak - 4)
        let myoPeak = min(ref.frames - 1, lvPeak + 6)
        let myoFrames = [pd, foot, rvPeak, lvPeak, myoPeak, ref.frames - 1]
        // Panels: two full-FOV frames (PD, LV peak), then ×2 crops around the heart.
        let panels: [(frame: Int?, zoom: Int, kind: Int)] = [(pd, 1, 0), (lvPeak, 1, 0)]
            + myoFrames.dropFirst().map { ($0, 2, 0) } + [(nil, 2, 1), (nil, 2, 2)]
        let W = panels.count * (w + gap), H = all.count * (h + gap)
        var rgb = [UInt8](repeating: 0, count: W * H * 3)
        func put(_ r: Int, _ c: Int, _ v: (UInt8, UInt8, UInt8)) {
            let i = (r * W + c) * 3
            rgb[i] = v.0; rgb[i + 1] = v.1; rgb[i + 2] = v.2
        }
        let mbfMax = Float(max(3.5, t.spec.normalMBF * 1.2))
        let labelColours: [(UInt8, UInt8, UInt8)] = [(0, 0, 0), (200, 40, 40), (240, 200, 60), (60, 90, 220)]
        for (si, series) in all.enumerated() {
            let scene = t.series[si].scene
            // Window: 99.5th percentile of the dynamic frames (PD frames their own).
            let sorted = Array(series.pixels[(t.spec.pdFrameCount * series.pixelsPerFrame)...]).sorted()
            let hi = max(1e-6, sorted[Int(Double(sorted.count - 1) * 0.995)])
            let pdHi = max(1e-6, Array(series.pixels[0..<series.pixelsPerFrame]).sorted()[Int(Double(series.pixelsPerFrame - 1) * 0.995)])
            let oy = si * (h + gap)
            // Heart centre in this series' pixels, as a fraction of the matrix.
            let fr = scene.aha.lvCentre.row / Double(series.rows), fc = scene.aha.lvCentre.column / Double(series.columns)
            for (k, panel) in panels.enumerated() {
                let ox = k * (w + gap)
                for r in 0..<h {
                    for c in 0..<w {
                        // Position in [0, 1) of the series matrix (nearest neighbour; the AIF series is smaller).
                        var y = (Double(r) + 0.5) / Double(h), x = (Double(c) + 0.5) / Double(w)
                        if panel.zoom > 1 {
                            y = min(0.999, max(0, fr + (y - 0.5) / Double(panel.zoom)))
                            x = min(0.999, max(0, fc + (x - 0.5) / Double(panel.zoom)))
                        }
                        let sr = Int(y * Double(series.rows)), sc = Int(x * Double(series.columns))
                        let i = sr * series.columns + sc
                        switch panel.kind {
                        case 0:
                            let f = panel.frame!
                            let top = f < t.spec.pdFrameCount ? pdHi : hi
                            let v = UInt8(max(0, min(255, series[f, sr, sc] / top * 255)))
                            put(oy + r, ox + c, (v, v, v))
                        case 1:
                            let m = scene.mbf[i]
                            put(oy + r, ox + c, m > 0 ? colourMap(m / mbfMax) : (0, 0, 0))
                        default:
                            let label = Int(PhantomTissue(rawValue: scene.tissue[i])!.label)
                            var col = labelColours[label]
                            if scene.segments[i] > 0, scene.segments[i] % 2 == 0 { col = (200, 150, 30) }
                            put(oy + r, ox + c, col)
                        }
                    }
                }
            }
        }
        try PNGWriter.write(path: path, rows: H, columns: W, colour: .rgb, pixels: rgb)
    }

    /// A blue → cyan → yellow → red ramp for x in [0, 1].
    static func colourMap(_ x: Float) -> (UInt8, UInt8, UInt8) {
        let v = max(0, min(1, x))
        let r = max(0, min(1, 2 * v - 0.5)), g = max(0, min(1, 1.6 - abs(2.4 * v - 1.4))), b = max(0, min(1, 1.2 - 2 * v))
        return (UInt8(r * 255), UInt8(g * 255), UInt8(b * 255))
    }
}
