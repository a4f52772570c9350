/// A fractional pixel position (row, column), pixel centres at integers.
public struct PixelPosition: Sendable, Equatable, Codable {
    public var row: Double
    public var column: Double

    public init(row: Double, column: Double) {
        self.row = row
        self.column = column
    }

    /// Euclidean distance in millimetres on a grid with the given spacing.
    public func distanceMm(to other: PixelPosition, spacing: PixelSpacing) -> Double {
        let dr = (row - other.row) * spacing.rowMm, dc = (column - other.column) * spacing.columnMm
        return (dr * dr + dc * dc).squareRoot()
    }
}
