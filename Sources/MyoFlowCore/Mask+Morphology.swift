extension Mask {
    /// One 4-neighbour erosion: a pixel stays set when it and its four neighbours are set
    /// (pixels on the image border are removed).
    public func eroded() -> Mask {
        var out = Mask(rows: rows, columns: columns, values: [Bool](repeating: false, count: values.count))
        for r in 1..<max(1, rows - 1) {
            for c in 1..<max(1, columns - 1) where self[r, c] {
                out[r, c] = self[r - 1, c] && self[r + 1, c] && self[r, c - 1] && self[r, c + 1]
            }
        }
        return out
    }
}
