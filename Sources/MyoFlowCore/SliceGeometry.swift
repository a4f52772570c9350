/// Where a 2-D slice sits in patient space (DICOM LPS, millimetres).
///
/// Follows DICOM: `position` is ImagePositionPatient, the centre of pixel (row 0, column 0);
/// `rowDirection` is the first ImageOrientationPatient triple (the direction in which the column
/// index increases along a row); `columnDirection` the second (the direction in which the row
/// index increases).
public struct SliceGeometry: Sendable, Equatable, Codable {
    public var position: SIMD3<Double>
    public var rowDirection: SIMD3<Double>
    public var columnDirection: SIMD3<Double>
    public var spacing: PixelSpacing
    public var sliceThicknessMm: Double

    public init(
        position: SIMD3<Double> = .zero,
        rowDirection: SIMD3<Double> = SIMD3(1, 0, 0),
        columnDirection: SIMD3<Double> = SIMD3(0, 1, 0),
        spacing: PixelSpacing,
        sliceThicknessMm: Double = 8
    ) {
        self.position = position
        self.rowDirection = rowDirection
        self.columnDirection = columnDirection
        self.spacing = spacing
        self.sliceThicknessMm = sliceThicknessMm
    }

    /// Unit normal of the slice plane (rowDirection × columnDirection).
    public var normal: SIMD3<Double> {
        let a = rowDirection, b = columnDirection
        let n = SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
        let length = (n * n).sum().squareRoot()
        return length > 0 ? n / length : n
    }

    /// Patient-space point (mm) of a fractional pixel position.
    public func patientPoint(row: Double, column: Double) -> SIMD3<Double> {
        position + rowDirection * (column * spacing.columnMm) + columnDirection * (row * spacing.rowMm)
    }

    /// Signed distance (mm) of the slice origin along a given axis; used to order slices.
    public func location(along axis: SIMD3<Double>) -> Double {
        (position * axis).sum()
    }
}
