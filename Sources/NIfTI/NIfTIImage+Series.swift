import MyoFlowCore

extension NIfTIImage {
    /// A 2-D slice image on a slice's pixel grid (x = column, y = row, one slice).
    public init(rows: Int, columns: Int, values: [Float], geometry: SliceGeometry, datatype: Int16 = NIfTIImage.float32) throws {
        try self.init(dims: [columns, rows, 1], pixdim: [geometry.spacing.columnMm, geometry.spacing.rowMm, geometry.sliceThicknessMm],
                      values: values, affine: NIfTIAffine.affine(from: geometry), timeUnitSeconds: 1, datatype: datatype)
    }

    /// A uint8 label map (codes as in `TissueLabel`).
    public init(labelMap: LabelMap, geometry: SliceGeometry) throws {
        try self.init(rows: labelMap.rows, columns: labelMap.columns, values: labelMap.labels.map(Float.init), geometry: geometry, datatype: NIfTIImage.uint8)
    }

    /// A 4-D x × y × 1 × t Float32 image of a series; pixdim[4] holds the median frame interval
    /// (true times are not representable in NIfTI: keep them alongside when they matter).
    public init(series: ImageSeries) throws {
        let dt = series.medianFrameIntervalSeconds ?? 1
        try self.init(dims: [series.columns, series.rows, 1, series.frames],
                      pixdim: [series.geometry.spacing.columnMm, series.geometry.spacing.rowMm, series.geometry.sliceThicknessMm, dt],
                      values: series.pixels, affine: NIfTIAffine.affine(from: series.geometry), timeUnitSeconds: 1, datatype: NIfTIImage.float32)
    }

    /// Number of time points when the image is a single-slice series: x × y × t (3-D) or
    /// x × y × 1 × t (4-D); nil otherwise.
    public var singleSliceFrameCount: Int? {
        switch dims.count {
        case 2: return 1
        case 3: return dims[2]
        case 4 where dims[2] == 1: return dims[3]
        case 5... where dims[2] == 1 && dims[4...].allSatisfy({ $0 == 1 }): return dims[3]
        default: return nil
        }
    }

    /// The slice geometry of the image grid (NIfTI i = column, j = row).
    public var sliceGeometry: SliceGeometry? { NIfTIAffine.geometry(from: affine) }

    /// Converts a single-slice series image to an `ImageSeries`. Times come from pixdim[4]
    /// (uniform); pass `frameIntervalSeconds` when the file has no time step.
    public func imageSeries(path: String, frameIntervalSeconds: Double? = nil, seriesInstanceUID: String = "") throws -> ImageSeries {
        guard let frames = singleSliceFrameCount else {
            throw NIfTIError.unsupportedShape(path: path, dims: dims, detail: "expected a single-slice series x×y×t or x×y×1×t")
        }
        guard let geometry = sliceGeometry else {
            throw NIfTIError.notNIfTI(path: path, detail: "degenerate affine (zero voxel size)")
        }
        let step: Double
        if let dt = frameIntervalSeconds ?? timeStepSeconds {
            step = dt
        } else if frames == 1 {
            step = 1
        } else {
            throw NIfTIError.invalidInput("\(path): no time step (pixdim[4] with a time unit in xyzt_units); pass the frame interval explicitly")
        }
        guard step.isFinite, step > 0 else { throw NIfTIError.invalidInput("\(path): frame interval must be positive, got \(step)") }
        do {
            return try ImageSeries(frames: frames, rows: dims[1], columns: dims[0], pixels: values, geometry: geometry,
                                   timesSeconds: (0..<frames).map { Double($0) * step }, seriesInstanceUID: seriesInstanceUID,
                                   seriesDescription: path.split(separator: "/").last.map(String.init) ?? path)
        } catch {
            throw NIfTIError.invalidInput("\(path): \(error)")
        }
    }
}
