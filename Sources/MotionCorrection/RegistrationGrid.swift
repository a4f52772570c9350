import MyoFlowCore
import Preprocessing

/// The registration networks' input grid inside a motion-correction window, and the exact maps
/// between the two: an n×n grid of q mm pixels centred on the LV centre c (window pixels).
///
/// Grid pixel y ↦ window pixel x = c + (y − (n−1)/2)·s per axis, s = q/p with p that axis's pixel
/// spacing (mm) — the grid tools/train/pack_registration.py resamples the training windows onto.
/// The LV centre need not be the window centre (`MocoCrop` shifts windows at image borders) and
/// the grid may extend past the window: resampling clamps to the window's border (MONAI Warp /
/// `grid_sample` align_corners=True, padding "border"), as training did on the native image.
///
/// A network trained on the grid predicts, in grid pixels, an affine θ_net (GlobalNet) or a DDF
/// v_net (LocalNet), MONAI index-grid pull-back convention (physics-and-acquisition.md §9). On the
/// window they are θ = G∘θ_net∘G⁻¹ (`windowAffine`) and v(x) = S·v_net(G⁻¹x) with S = diag(s)
/// (`windowField`), since G(y + v_net(y)) − G(y) = S·v_net(y).
public struct RegistrationGrid: Sendable, Equatable {
    /// Grid side n (pixels).
    public let size: Int
    /// Grid pixel size q, mm.
    public let pixelMm: Double
    /// Grid centre on the window, window pixels (the LV centre).
    public let centre: PixelPosition
    /// The window's pixel spacing p (mm, per axis).
    public let spacing: PixelSpacing
    /// Width of the band outside the grid over which a non-rigid residual falls linearly to 0, mm.
    public let taperMm: Double
    /// Grid → window: grid pixel y samples the window at `toWindow`·[y, 1]ᵀ.
    public let toWindow: AffineTransform2D
    /// Window → grid (the inverse of `toWindow`).
    public let toGrid: AffineTransform2D

    /// `size` > 0, `pixelMm` > 0, a valid spacing and `taperMm` ≥ 0 (preconditions: these come from
    /// a validated model file and series).
    public init(size: Int, pixelMm: Double, centre: PixelPosition, spacing: PixelSpacing, taperMm: Double = 10) {
        precondition(size > 0 && pixelMm > 0 && pixelMm.isFinite && spacing.isValid && taperMm >= 0, "RegistrationGrid needs a positive size, pixel size and spacing")
        self.size = size
        self.pixelMm = pixelMm
        self.centre = centre
        self.spacing = spacing
        self.taperMm = taperMm
        let sr = pixelMm / spacing.rowMm, sc = pixelMm / spacing.columnMm
        let half = Double(size - 1) / 2
        // The same centred grid as the segmentation network's crop (closed-form inverse below).
        toWindow = LVCrop(centre: centre, nativeSpacing: spacing, size: size, pixelMm: pixelMm).toNative
        toGrid = AffineTransform2D(theta: [1 / sr, 0, half - centre.row / sr, 0, 1 / sc, half - centre.column / sc])
    }

    /// Window pixels per grid pixel along rows and columns (s = q/p).
    public var scale: (row: Double, column: Double) { (pixelMm / spacing.rowMm, pixelMm / spacing.columnMm) }

    // MARK: Images

    /// The window image on the grid seen through `affine` A: grid(y) = image(A(G(y))), one bilinear
    /// sample with border clamp (A and G composed, never two interpolations). n×n.
    public func resample(_ image: Image2D, through affine: AffineTransform2D = .identity) -> Image2D {
        var out = Image2D(rows: size, columns: size)
        out.pixels.withUnsafeMutableBufferPointer { resample(image, through: affine, into: $0.baseAddress!) }
        return out
    }

    /// `resample` into n·n floats at `out` (row-major), e.g. a channel plane of a network input.
    public func resample(_ image: Image2D, through affine: AffineTransform2D = .identity, into out: UnsafeMutablePointer<Float>) {
        let t = affine.followed(by: toWindow).theta
        image.pixels.withUnsafeBufferPointer { src in
            for i in 0..<size {
                let y = Double(i)
                for j in 0..<size {
                    let x = Double(j)
                    out[i * size + j] = Bilinear.sample(src, rows: image.rows, columns: image.columns,
                                                        row: t[0] * y + t[1] * x + t[2], column: t[3] * y + t[4] * x + t[5])
                }
            }
        }
    }

    // MARK: Affine transforms

    /// A grid affine θ_net (grid pixel y samples the grid at θ_net·[y, 1]ᵀ) on the window:
    /// G∘θ_net∘G⁻¹. A translation of t grid pixels is one of t·s window pixels.
    public func windowAffine(fromGrid theta: AffineTransform2D) -> AffineTransform2D {
        toWindow.followed(by: theta).followed(by: toGrid)
    }

    /// A window affine on the grid: G⁻¹∘θ∘G (the inverse of `windowAffine`).
    public func gridAffine(fromWindow theta: AffineTransform2D) -> AffineTransform2D {
        toGrid.followed(by: theta).followed(by: toWindow)
    }

    /// The affine θ whose index-grid DDF (θ·[i, j, 1]ᵀ − [i, j], GlobalNet's `AffineHead`) best
    /// fits `ddf` in least squares; exact (to rounding) for an affine DDF. On a full grid the
    /// centred row and column indices are orthogonal, so each coefficient is a ratio of sums.
    public static func affine(fittedTo ddf: DisplacementField) -> AffineTransform2D {
        let rows = ddf.rows, columns = ddf.columns
        let ri = Double(rows - 1) / 2, cj = Double(columns - 1) / 2
        // Σ over the grid of (i − ī)² and (j − j̄)².
        let sii = Double(columns) * Double(rows) * Double(rows * rows - 1) / 12
        let sjj = Double(rows) * Double(columns) * Double(columns * columns - 1) / 12
        var theta = [Double](repeating: 0, count: 6)
        for (k, component) in [ddf.rowDisplacement, ddf.columnDisplacement].enumerated() {
            var mean = 0.0, si = 0.0, sj = 0.0
            for i in 0..<rows {
                for j in 0..<columns {
                    let p = Double(component[i * columns + j]) + Double(k == 0 ? i : j)  // sample position
                    mean += p
                    si += p * (Double(i) - ri)
                    sj += p * (Double(j) - cj)
                }
            }
            mean /= Double(rows * columns)
            let a = sii > 0 ? si / sii : (k == 0 ? 1 : 0), b = sjj > 0 ? sj / sjj : (k == 0 ? 0 : 1)
            theta[3 * k] = a
            theta[3 * k + 1] = b
            theta[3 * k + 2] = mean - a * ri - b * cj
        }
        return AffineTransform2D(theta: theta)
    }

    // MARK: Displacement fields

    /// The taper at window position (row, column): 1 on the grid (its pixel-centre extent), falling
    /// linearly to 0 at `taperMm` (Euclidean distance to the grid's rectangle, mm); a step when 0.
    public func taper(row: Double, column: Double) -> Double {
        let half = Double(size - 1) / 2, s = scale
        let dr = max(0, abs(row - centre.row) - half * s.row) * spacing.rowMm
        let dc = max(0, abs(column - centre.column) - half * s.column) * spacing.columnMm
        let d = (dr * dr + dc * dc).squareRoot()
        guard d > 0 else { return 1 }
        return taperMm > 0 ? max(0, 1 - d / taperMm) : 0
    }

    /// A grid DDF v_net (n×n, grid pixels) as the residual field on a rows × columns window:
    /// v(x) = S·v_net(G⁻¹x)·taper(x), v_net sampled bilinearly at the clamped grid position, so
    /// outside the grid the residual fades to 0 and the far field stays affine.
    public func windowField(_ gridField: DisplacementField, rows: Int, columns: Int) -> DisplacementField {
        precondition(gridField.rows == size && gridField.columns == size, "grid field is \(gridField.rows)×\(gridField.columns), grid is \(size)×\(size)")
        var out = DisplacementField(rows: rows, columns: columns)
        let g = toGrid.theta, s = scale
        gridField.rowDisplacement.withUnsafeBufferPointer { vr in
            gridField.columnDisplacement.withUnsafeBufferPointer { vc in
                for r in 0..<rows {
                    for c in 0..<columns {
                        let w = taper(row: Double(r), column: Double(c))
                        guard w > 0 else { continue }
                        let yr = g[0] * Double(r) + g[2], yc = g[4] * Double(c) + g[5]
                        let i = r * columns + c
                        out.rowDisplacement[i] = Float(w * s.row) * Bilinear.sample(vr, rows: size, columns: size, row: yr, column: yc)
                        out.columnDisplacement[i] = Float(w * s.column) * Bilinear.sample(vc, rows: size, columns: size, row: yr, column: yc)
                    }
                }
            }
        }
        return out
    }
}
