/// One 2-D Float32 image, row-major: `pixels[row * columns + column]`.
public struct Image2D: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var pixels: [Float]

    /// Creates an image; throws if `pixels.count != rows * columns` or a dimension is not positive.
    public init(rows: Int, columns: Int, pixels: [Float]) throws {
        guard rows > 0, columns > 0, pixels.count == rows * columns else {
            throw CoreError.shapeMismatch(what: "Image2D", expected: [rows, columns], got: pixels.count)
        }
        self.rows = rows
        self.columns = columns
        self.pixels = pixels
    }

    /// A constant image.
    public init(rows: Int, columns: Int, value: Float = 0) {
        precondition(rows > 0 && columns > 0, "Image2D needs positive dimensions")
        self.rows = rows
        self.columns = columns
        self.pixels = [Float](repeating: value, count: rows * columns)
    }

    public subscript(row: Int, column: Int) -> Float {
        get { pixels[row * columns + column] }
        set { pixels[row * columns + column] = newValue }
    }
}
