import Foundation
import MyoFlowCore
import Phantom
import Reporting

/// PNG of an MBF map over its anatomical frame: the grey frame (1st–99th percentile window)
/// with MBF colours on pixels that have a value, upscaled by nearest neighbour for display.
enum MapOverlay {
    static func png(background: Image2D, mbf: [Float], colourMap: ColourMap, scale: Int = 3) throws -> Data {
        let sorted = background.pixels.filter(\.isFinite).sorted()
        let lo = sorted.isEmpty ? 0 : sorted[sorted.count / 100], hi = sorted.isEmpty ? 1 : sorted[(sorted.count * 99) / 100]
        let span = max(hi - lo, 1e-6)
        let rows = background.rows * scale, columns = background.columns * scale
        var rgb = [UInt8](repeating: 0, count: rows * columns * 3)
        for r in 0..<rows {
            for c in 0..<columns {
                let p = (r / scale) * background.columns + c / scale
                let o = (r * columns + c) * 3
                if mbf[p].isFinite {
                    let (R, G, B) = colourMap.rgb(Double(mbf[p]))
                    rgb[o] = R; rgb[o + 1] = G; rgb[o + 2] = B
                } else {
                    let g = UInt8(max(0, min(255, (background.pixels[p] - lo) / span * 255)))
                    rgb[o] = g; rgb[o + 1] = g; rgb[o + 2] = g
                }
            }
        }
        return Data(try PNGWriter.encode(rows: rows, columns: columns, colour: .rgb, pixels: rgb))
    }
}
