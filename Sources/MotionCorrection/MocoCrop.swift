import MyoFlowCore

/// An integer-pixel window of a series (the motion-correction region) and the exact map of a
/// registration on the window back to the native grid.
///
/// Registering a window of ~128 mm around the LV keeps the chest wall, liver and back muscles
/// (which move differently from the heart) from dominating the similarity, and makes every stage
/// ~4× cheaper on a typical 120×144 slice. The window is an integer shift of the native grid, so
/// displacements in pixels are the same on both grids; affine θ is conjugated by the shift.
public struct MocoCrop: Sendable, Equatable {
    /// First native row and column of the window.
    public let row0: Int
    public let column0: Int
    /// Window size in pixels.
    public let rows: Int
    public let columns: Int

    public init(row0: Int, column0: Int, rows: Int, columns: Int) {
        precondition(rows > 0 && columns > 0 && row0 >= 0 && column0 >= 0, "MocoCrop needs a non-empty window")
        self.row0 = row0; self.column0 = column0; self.rows = rows; self.columns = columns
    }

    /// The whole native grid.
    public static func whole(rows: Int, columns: Int) -> MocoCrop { MocoCrop(row0: 0, column0: 0, rows: rows, columns: columns) }

    /// A window of `sideMm` × `sideMm` centred on `centre` (native pixels), shifted to stay inside
    /// the image and clipped to it (the whole image when it is smaller than the window).
    public init(centre: PixelPosition, spacing: PixelSpacing, imageRows: Int, imageColumns: Int, sideMm: Double = 128) {
        func window(_ centre: Double, _ pixelMm: Double, _ size: Int) -> (Int, Int) {
            let side = min(size, max(8, Int((sideMm / pixelMm).rounded())))
            let start = Int((centre - Double(side - 1) / 2).rounded())
            return (min(max(0, start), size - side), side)
        }
        let (r0, nr) = window(centre.row, spacing.rowMm, imageRows)
        let (c0, nc) = window(centre.column, spacing.columnMm, imageColumns)
        self.init(row0: r0, column0: c0, rows: nr, columns: nc)
    }

    /// The window of every frame (times, PD frames, sequence kept; the geometry's position moved
    /// to the window's first pixel).
    public func crop(_ series: ImageSeries) throws -> ImageSeries {
        guard row0 + rows <= series.rows, column0 + columns <= series.columns else {
            throw MotionCorrectionError.gridMismatch("crop rows \(row0)..<\(row0 + rows), columns \(column0)..<\(column0 + columns) outside the \(series.rows)×\(series.columns) series")
        }
        var pixels = [Float](repeating: 0, count: series.frames * rows * columns)
        for f in 0..<series.frames {
            for r in 0..<rows {
                let src = f * series.pixelsPerFrame + (row0 + r) * series.columns + column0
                let dst = (f * rows + r) * columns
                for c in 0..<columns { pixels[dst + c] = series.pixels[src + c] }
            }
        }
        var geometry = series.geometry
        geometry.position = series.geometry.patientPoint(row: Double(row0), column: Double(column0))
        return try ImageSeries(frames: series.frames, rows: rows, columns: columns, pixels: pixels, geometry: geometry,
                               timesSeconds: series.timesSeconds, pdFrameIndices: series.pdFrameIndices, sequence: series.sequence,
                               seriesInstanceUID: series.seriesInstanceUID, seriesDescription: series.seriesDescription)
    }

    /// A window-grid affine θ on the native grid: x_native ↦ θ(x_native − o) + o, o = (row0, column0).
    public func nativeAffine(_ a: AffineTransform2D) -> AffineTransform2D {
        let t = a.theta, o = (Double(row0), Double(column0))
        return AffineTransform2D(theta: [t[0], t[1], t[2] - t[0] * o.0 - t[1] * o.1 + o.0,
                                         t[3], t[4], t[5] - t[3] * o.0 - t[4] * o.1 + o.1])
    }

    /// A window-grid field on the native grid: the window's field inside the window, the native
    /// affine field (`affine`, already on the native grid) outside it.
    public func nativeField(_ field: DisplacementField, outside affine: AffineTransform2D, rows nativeRows: Int, columns nativeColumns: Int) -> DisplacementField {
        var out = affine.displacementField(rows: nativeRows, columns: nativeColumns)
        for r in 0..<rows {
            for c in 0..<columns {
                let i = (row0 + r) * nativeColumns + column0 + c
                out.rowDisplacement[i] = field.rowDisplacement[r * columns + c]
                out.columnDisplacement[i] = field.columnDisplacement[r * columns + c]
            }
        }
        return out
    }

    /// A registration of the window series brought to the native `series`: affines conjugated,
    /// fields embedded (`nativeField`), and the native frames warped once with the native fields.
    public func nativeRegistration(_ windowed: SeriesRegistration, of series: ImageSeries) throws -> SeriesRegistration {
        let affines = windowed.affines.map(nativeAffine)
        let fields = (0..<series.frames).map { nativeField(windowed.fields[$0], outside: affines[$0], rows: series.rows, columns: series.columns) }
        let corrected = try apply(fields, to: series, frames: Array(0..<series.frames), base: series)
        return SeriesRegistration(method: windowed.method, referenceFrame: windowed.referenceFrame, affines: affines, fields: fields,
                                  corrected: corrected, outliers: windowed.outliers, excludedFrames: windowed.excludedFrames,
                                  stageSeconds: windowed.stageSeconds)
    }
}
