import Foundation

/// How pixels of a series map to the phantom's anatomical plane (mm).
///
/// Image mm: x = (column − (columns−1)/2)·pixelMm, y = (row − (rows−1)/2)·pixelMm, origin at the
/// FOV centre. Anatomy mm = R(rotation)·(image mm) + offset: the FOV may be shifted and rotated
/// relative to the body (training-set randomisation).
public struct SliceGrid: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var pixelMm: Double
    public var offsetMm: (x: Double, y: Double)
    public var rotation: Double

    public init(rows: Int, columns: Int, pixelMm: Double, offsetMm: (x: Double, y: Double) = (0, 0), rotation: Double = 0) {
        self.rows = rows
        self.columns = columns
        self.pixelMm = pixelMm
        self.offsetMm = offsetMm
        self.rotation = rotation
    }

    public static func == (a: SliceGrid, b: SliceGrid) -> Bool {
        a.rows == b.rows && a.columns == b.columns && a.pixelMm == b.pixelMm && a.offsetMm == b.offsetMm && a.rotation == b.rotation
    }

    /// Image mm of a (fractional) pixel position.
    @inline(__always)
    public func imageMm(row: Double, column: Double) -> (x: Double, y: Double) {
        ((column - Double(columns - 1) / 2) * pixelMm, (row - Double(rows - 1) / 2) * pixelMm)
    }

    /// Anatomy mm of an image-mm point.
    @inline(__always)
    public func anatomyMm(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let c = cos(rotation), s = sin(rotation)
        return (c * p.x - s * p.y + offsetMm.x, s * p.x + c * p.y + offsetMm.y)
    }

    /// The (fractional) pixel position of an anatomy-mm point.
    public func pixel(ofAnatomy p: (x: Double, y: Double)) -> (row: Double, column: Double) {
        let c = cos(rotation), s = sin(rotation)
        let dx = p.x - offsetMm.x, dy = p.y - offsetMm.y
        let ix = c * dx + s * dy, iy = -s * dx + c * dy
        return (iy / pixelMm + Double(rows - 1) / 2, ix / pixelMm + Double(columns - 1) / 2)
    }

    /// A direction (Δrow, Δcolumn) given in anatomy mm, expressed in image mm (dy, dx).
    public func imageVector(ofAnatomy v: (dy: Double, dx: Double)) -> (dy: Double, dx: Double) {
        let c = cos(rotation), s = sin(rotation)
        return (-s * v.dx + c * v.dy, c * v.dx + s * v.dy)
    }
}
