/// Tissue classes of a label map. Raw values are the on-disk codes (NIfTI/HDF5 uint8).
public enum TissueLabel: UInt8, Sendable, CaseIterable, Codable {
    case background = 0
    /// LV blood pool, papillary muscles included.
    case lvBlood = 1
    case myocardium = 2
    case rvBlood = 3
}

/// A 2-D label map, row-major UInt8 codes on a slice's pixel grid.
public struct LabelMap: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var labels: [UInt8]

    public init(rows: Int, columns: Int, labels: [UInt8]) throws {
        guard rows > 0, columns > 0, labels.count == rows * columns else {
            throw CoreError.shapeMismatch(what: "LabelMap", expected: [rows, columns], got: labels.count)
        }
        self.rows = rows
        self.columns = columns
        self.labels = labels
    }

    public init(rows: Int, columns: Int) {
        precondition(rows > 0 && columns > 0, "LabelMap needs positive dimensions")
        self.rows = rows
        self.columns = columns
        self.labels = [UInt8](repeating: 0, count: rows * columns)
    }

    public subscript(row: Int, column: Int) -> UInt8 {
        get { labels[row * columns + column] }
        set { labels[row * columns + column] = newValue }
    }

    /// A boolean mask of one label.
    public func mask(_ label: TissueLabel) -> Mask {
        Mask(rows: rows, columns: columns, values: labels.map { $0 == label.rawValue })
    }

    /// Number of pixels carrying a label.
    public func count(_ label: TissueLabel) -> Int {
        labels.reduce(0) { $0 + ($1 == label.rawValue ? 1 : 0) }
    }
}

/// A 2-D boolean mask, row-major.
public struct Mask: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Bool]

    public init(rows: Int, columns: Int, values: [Bool]) {
        precondition(values.count == rows * columns, "Mask: \(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public subscript(row: Int, column: Int) -> Bool {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public var count: Int { values.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// Dice overlap 2|A∩B|/(|A|+|B|); 1 when both are empty.
    public func dice(_ other: Mask) -> Double {
        precondition(rows == other.rows && columns == other.columns, "Dice of masks on different grids")
        var both = 0, a = 0, b = 0
        for i in values.indices {
            if values[i] { a += 1 }
            if other.values[i] { b += 1 }
            if values[i] && other.values[i] { both += 1 }
        }
        return a + b == 0 ? 1 : 2 * Double(both) / Double(a + b)
    }

    /// Centroid (row, column) of the mask; nil when empty.
    public var centroid: (row: Double, column: Double)? {
        var sr = 0.0, sc = 0.0, n = 0.0
        for r in 0..<rows { for c in 0..<columns where values[r * columns + c] { sr += Double(r); sc += Double(c); n += 1 } }
        return n > 0 ? (sr / n, sc / n) : nil
    }
}
