import MyoFlowCore

/// Central-difference image gradients (one-sided at the border), in intensity per pixel.
public enum ImageGradient {
    /// (∂I/∂row, ∂I/∂column) of a row-major buffer.
    public static func gradient(_ values: [Float], rows: Int, columns: Int) -> (row: [Float], column: [Float]) {
        var gr = [Float](repeating: 0, count: rows * columns)
        var gc = gr
        values.withUnsafeBufferPointer { v in
            gr.withUnsafeMutableBufferPointer { g in
                for r in 0..<rows {
                    let up = max(r - 1, 0), down = min(r + 1, rows - 1)
                    let scale: Float = down - up > 0 ? 1 / Float(down - up) : 0
                    for c in 0..<columns { g[r * columns + c] = (v[down * columns + c] - v[up * columns + c]) * scale }
                }
            }
            gc.withUnsafeMutableBufferPointer { g in
                for r in 0..<rows {
                    let base = r * columns
                    for c in 0..<columns {
                        let left = max(c - 1, 0), right = min(c + 1, columns - 1)
                        let scale: Float = right - left > 0 ? 1 / Float(right - left) : 0
                        g[base + c] = (v[base + right] - v[base + left]) * scale
                    }
                }
            }
        }
        return (gr, gc)
    }

    /// (∂I/∂row, ∂I/∂column) of an image.
    public static func gradient(_ image: Image2D) -> (row: Image2D, column: Image2D) {
        let g = gradient(image.pixels, rows: image.rows, columns: image.columns)
        return (try! Image2D(rows: image.rows, columns: image.columns, pixels: g.row),
                try! Image2D(rows: image.rows, columns: image.columns, pixels: g.column))
    }

    /// |∇(G_σ * I)|: the gradient magnitude of the image smoothed with σ pixels. Edges keep
    /// their position when the contrast between tissues changes or reverses, which makes this
    /// feature suitable for registering frames of different contrast (PD vs saturated, pre- vs
    /// peak-contrast).
    public static func magnitude(_ image: Image2D, sigma: Double = 1) -> Image2D {
        let s = GaussianSmoothing.smooth(image.pixels, rows: image.rows, columns: image.columns, sigma: sigma)
        let g = gradient(s, rows: image.rows, columns: image.columns)
        var out = Image2D(rows: image.rows, columns: image.columns)
        for i in out.pixels.indices { out.pixels[i] = (g.row[i] * g.row[i] + g.column[i] * g.column[i]).squareRoot() }
        return out
    }
}
