/// Physical distance between neighbouring pixel centres, in millimetres.
///
/// `rowMm` is the distance between adjacent rows (DICOM PixelSpacing[0]); `columnMm` the distance
/// between adjacent columns (PixelSpacing[1]).
public struct PixelSpacing: Sendable, Equatable, Hashable, Codable {
    public var rowMm: Double
    public var columnMm: Double

    public init(rowMm: Double, columnMm: Double) {
        self.rowMm = rowMm
        self.columnMm = columnMm
    }

    /// Equal spacing along both axes.
    public init(isotropicMm: Double) {
        self.init(rowMm: isotropicMm, columnMm: isotropicMm)
    }

    /// Mean of the row and column spacing, mm: the pixel size where one number must stand for both.
    public var meanMm: Double { (rowMm + columnMm) / 2 }

    /// Area of one pixel in mm².
    public var pixelAreaMm2: Double { rowMm * columnMm }

    /// True when both spacings are finite and positive.
    public var isValid: Bool { rowMm.isFinite && columnMm.isFinite && rowMm > 0 && columnMm > 0 }
}
