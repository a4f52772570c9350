import MyoFlowCore

/// Multi-resolution pyramids. Level l has pixel (i, j) at fine position (2^l·i, 2^l·j): each
/// level is the previous one smoothed with σ = 1 pixel and sampled at even indices, so a fine
/// position x corresponds to x / 2^l at level l (align_corners-style index mapping).
public enum ImagePyramid {
    /// Levels from fine (index 0, the input) to coarse. Stops early when a side would drop
    /// below `minimumSize` pixels.
    public static func levels(_ image: Image2D, count: Int, minimumSize: Int = 16) -> [Image2D] {
        var out = [image]
        while out.count < max(1, count) {
            let last = out[out.count - 1]
            guard (last.rows + 1) / 2 >= minimumSize, (last.columns + 1) / 2 >= minimumSize else { break }
            out.append(downsample(last))
        }
        return out
    }

    /// Smooth with σ = 1 pixel (anti-aliasing), then keep even rows and columns.
    public static func downsample(_ image: Image2D) -> Image2D {
        let s = GaussianSmoothing.smooth(image.pixels, rows: image.rows, columns: image.columns, sigma: 1)
        let rows = (image.rows + 1) / 2, columns = (image.columns + 1) / 2
        var out = Image2D(rows: rows, columns: columns)
        for r in 0..<rows { for c in 0..<columns { out.pixels[r * columns + c] = s[2 * r * image.columns + 2 * c] } }
        return out
    }

    /// A coarse displacement field brought to a finer grid of `rows` × `columns` (twice the
    /// resolution): values sampled bilinearly at x/2 and doubled (displacements are in pixels).
    public static func upsample(_ field: DisplacementField, rows: Int, columns: Int) -> DisplacementField {
        var out = DisplacementField(rows: rows, columns: columns)
        field.rowDisplacement.withUnsafeBufferPointer { ur in
            field.columnDisplacement.withUnsafeBufferPointer { uc in
                for r in 0..<rows {
                    for c in 0..<columns {
                        let pr = Double(r) / 2, pc = Double(c) / 2
                        out.rowDisplacement[r * columns + c] = 2 * Bilinear.sample(ur, rows: field.rows, columns: field.columns, row: pr, column: pc)
                        out.columnDisplacement[r * columns + c] = 2 * Bilinear.sample(uc, rows: field.rows, columns: field.columns, row: pr, column: pc)
                    }
                }
            }
        }
        return out
    }

    /// A fine mask reduced to level-1 resolution (a coarse pixel is inside when its fine
    /// sample position (2i, 2j) is).
    public static func downsample(_ mask: Mask) -> Mask {
        let rows = (mask.rows + 1) / 2, columns = (mask.columns + 1) / 2
        var values = [Bool](repeating: false, count: rows * columns)
        for r in 0..<rows { for c in 0..<columns { values[r * columns + c] = mask.values[2 * r * mask.columns + 2 * c] } }
        return Mask(rows: rows, columns: columns, values: values)
    }
}
