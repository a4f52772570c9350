import MyoFlowCore

/// A square crop around the LV resampled to a fixed pixel size (the networks' input grid), with
/// the exact map back to native pixels.
///
/// `toNative` is in the MONAI sample convention: crop pixel (i, j) samples the native image at
/// toNative·[i, j, 1]ᵀ. Crop pixel centre ((size − 1)/2, (size − 1)/2) sits on `centre`.
public struct LVCrop: Sendable, Equatable {
    public let size: Int
    public let pixelMm: Double
    public let centre: PixelPosition
    public let toNative: AffineTransform2D

    public init(centre: PixelPosition, nativeSpacing: PixelSpacing, size: Int = 128, pixelMm: Double = 1.25) {
        precondition(size > 0 && pixelMm > 0 && nativeSpacing.isValid, "LVCrop needs a positive size and spacing")
        self.size = size
        self.pixelMm = pixelMm
        self.centre = centre
        let sr = pixelMm / nativeSpacing.rowMm, sc = pixelMm / nativeSpacing.columnMm
        let half = Double(size - 1) / 2
        toNative = AffineTransform2D(theta: [sr, 0, centre.row - sr * half, 0, sc, centre.column - sc * half])
    }

    /// Native position of a crop position.
    public func nativePosition(_ p: PixelPosition) -> PixelPosition {
        let q = toNative.samplePosition(row: p.row, column: p.column)
        return PixelPosition(row: q.row, column: q.column)
    }

    /// Crop position of a native position.
    public func cropPosition(_ p: PixelPosition) -> PixelPosition {
        let q = toNative.inverse!.samplePosition(row: p.row, column: p.column)
        return PixelPosition(row: q.row, column: q.column)
    }

    /// The crop of a native image (bilinear, border padding).
    public func crop(_ image: Image2D) -> Image2D {
        var out = Image2D(rows: size, columns: size)
        image.pixels.withUnsafeBufferPointer { src in
            for i in 0..<size {
                for j in 0..<size {
                    let p = toNative.samplePosition(row: Double(i), column: Double(j))
                    out.pixels[i * size + j] = Bilinear.sample(src, rows: image.rows, columns: image.columns, row: p.row, column: p.column)
                }
            }
        }
        return out
    }

    /// A crop-grid label map returned to a native grid (nearest neighbour; background outside the crop).
    public func nativeLabels(_ labels: LabelMap, rows: Int, columns: Int) -> LabelMap {
        precondition(labels.rows == size && labels.columns == size, "label map is not on this crop's grid")
        var out = LabelMap(rows: rows, columns: columns)
        let inverse = toNative.inverse!
        for r in 0..<rows {
            for c in 0..<columns {
                let q = inverse.samplePosition(row: Double(r), column: Double(c))
                let i = q.row.rounded(.toNearestOrEven), j = q.column.rounded(.toNearestOrEven)
                guard i >= 0, j >= 0, i < Double(size), j < Double(size) else { continue }
                out[r, c] = labels[Int(i), Int(j)]
            }
        }
        return out
    }
}

/// An axis-aligned pixel box, inclusive bounds, in native pixels.
public struct PixelBox: Sendable, Equatable, Codable {
    public var row0: Int, column0: Int, row1: Int, column1: Int

    public init(row0: Int, column0: Int, row1: Int, column1: Int) {
        self.row0 = row0; self.column0 = column0; self.row1 = row1; self.column1 = column1
    }

    /// The tight box of a mask, grown by `marginMm` and clipped to the image; nil for an empty mask.
    public init?(of mask: Mask, marginMm: Double = 0, spacing: PixelSpacing) {
        var r0 = Int.max, c0 = Int.max, r1 = -1, c1 = -1
        for r in 0..<mask.rows { for c in 0..<mask.columns where mask[r, c] {
            r0 = min(r0, r); r1 = max(r1, r); c0 = min(c0, c); c1 = max(c1, c)
        } }
        guard r1 >= 0 else { return nil }
        let mr = Int((marginMm / spacing.rowMm).rounded()), mc = Int((marginMm / spacing.columnMm).rounded())
        self.init(row0: max(0, r0 - mr), column0: max(0, c0 - mc), row1: min(mask.rows - 1, r1 + mr), column1: min(mask.columns - 1, c1 + mc))
    }

    public var area: Int { (row1 - row0 + 1) * (column1 - column0 + 1) }

    /// Dice overlap of two boxes.
    public func dice(_ other: PixelBox) -> Double {
        let h = min(row1, other.row1) - max(row0, other.row0) + 1
        let w = min(column1, other.column1) - max(column0, other.column0) + 1
        let inter = h > 0 && w > 0 ? h * w : 0
        return 2 * Double(inter) / Double(area + other.area)
    }
}
