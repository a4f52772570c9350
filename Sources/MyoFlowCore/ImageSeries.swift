/// A time series of 2-D frames of one slice, stored frames × rows × columns, Float32, contiguous.
///
/// Frame indices are 0-based over *all* frames in acquisition order, PD frames included.
/// `timesSeconds[f]` is the true acquisition time of frame f, in seconds from the first
/// acquisition of the study (not the frame index: heart rates vary).
public struct ImageSeries: Sendable, Equatable {
    public let frames: Int
    public let rows: Int
    public let columns: Int
    /// `pixels[(f * rows + r) * columns + c]`.
    public var pixels: [Float]
    public var geometry: SliceGeometry
    public var timesSeconds: [Double]
    /// Indices of the proton-density (unsaturated, low flip angle) frames, ascending.
    public var pdFrameIndices: [Int]
    public var sequence: SequenceParameters
    /// DICOM SeriesInstanceUID (or a generated one for synthetic data).
    public var seriesInstanceUID: String
    public var seriesDescription: String

    public init(
        frames: Int, rows: Int, columns: Int, pixels: [Float],
        geometry: SliceGeometry, timesSeconds: [Double], pdFrameIndices: [Int] = [],
        sequence: SequenceParameters = SequenceParameters(),
        seriesInstanceUID: String = "", seriesDescription: String = ""
    ) throws {
        guard frames > 0, rows > 0, columns > 0, pixels.count == frames * rows * columns else {
            throw CoreError.shapeMismatch(what: "ImageSeries pixels", expected: [frames, rows, columns], got: pixels.count)
        }
        guard timesSeconds.count == frames else {
            throw CoreError.shapeMismatch(what: "ImageSeries timesSeconds", expected: [frames], got: timesSeconds.count)
        }
        guard timesSeconds.allSatisfy(\.isFinite) else {
            throw CoreError.invalidValue(what: "ImageSeries timesSeconds", detail: "contains a non-finite time")
        }
        guard zip(timesSeconds, timesSeconds.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw CoreError.invalidValue(what: "ImageSeries timesSeconds", detail: "acquisition times must increase strictly")
        }
        guard pdFrameIndices.allSatisfy({ (0..<frames).contains($0) }), pdFrameIndices == pdFrameIndices.sorted(),
              Set(pdFrameIndices).count == pdFrameIndices.count else {
            throw CoreError.invalidValue(what: "ImageSeries pdFrameIndices", detail: "must be distinct, ascending frame indices in 0..<\(frames), got \(pdFrameIndices)")
        }
        guard geometry.spacing.isValid else {
            throw CoreError.invalidValue(what: "ImageSeries pixel spacing", detail: "must be positive and finite, got \(geometry.spacing)")
        }
        self.frames = frames
        self.rows = rows
        self.columns = columns
        self.pixels = pixels
        self.geometry = geometry
        self.timesSeconds = timesSeconds
        self.pdFrameIndices = pdFrameIndices
        self.sequence = sequence
        self.seriesInstanceUID = seriesInstanceUID
        self.seriesDescription = seriesDescription
    }

    public var pixelsPerFrame: Int { rows * columns }

    /// How messages name the series: its description, else its UID.
    public var displayName: String { seriesDescription.isEmpty ? seriesInstanceUID : seriesDescription }

    public subscript(frame: Int, row: Int, column: Int) -> Float {
        get { pixels[(frame * rows + row) * columns + column] }
        set { pixels[(frame * rows + row) * columns + column] = newValue }
    }

    /// A copy of one frame.
    public func frame(_ f: Int) -> Image2D {
        precondition((0..<frames).contains(f), "frame \(f) out of 0..<\(frames)")
        let start = f * pixelsPerFrame
        return try! Image2D(rows: rows, columns: columns, pixels: Array(pixels[start..<start + pixelsPerFrame]))
    }

    /// Replaces one frame; the image must have this series' matrix.
    public mutating func setFrame(_ f: Int, to image: Image2D) throws {
        guard image.rows == rows, image.columns == columns else {
            throw CoreError.gridMismatch("frame is \(image.rows)×\(image.columns), series is \(rows)×\(columns)")
        }
        let start = f * pixelsPerFrame
        pixels.replaceSubrange(start..<start + pixelsPerFrame, with: image.pixels)
    }

    /// Indices of the dynamic (saturation-recovery) frames, i.e. all frames that are not PD.
    public var dynamicFrameIndices: [Int] {
        let pd = Set(pdFrameIndices)
        return (0..<frames).filter { !pd.contains($0) }
    }

    /// The time–intensity curve of one pixel over all frames.
    public func curve(row: Int, column: Int) -> [Float] {
        (0..<frames).map { self[$0, row, column] }
    }

    /// Median interval between consecutive dynamic frames, in seconds (the RR interval for
    /// one-frame-per-beat acquisitions); nil with fewer than two dynamic frames.
    public var medianFrameIntervalSeconds: Double? {
        let t = dynamicFrameIndices.map { timesSeconds[$0] }
        guard t.count >= 2 else { return nil }
        let d = zip(t.dropFirst(), t).map { $0 - $1 }.sorted()
        return d.count % 2 == 1 ? d[d.count / 2] : 0.5 * (d[d.count / 2 - 1] + d[d.count / 2])
    }
}
