import Foundation

/// A 2-D affine map in pixel-index coordinates (row, column), MONAI GlobalNet convention.
///
/// θ is 2×3 row-major: the sample position of output pixel (r, c) is
/// (θ₀₀r + θ₀₁c + θ₀₂, θ₁₀r + θ₁₁c + θ₁₂), so warped(r, c) = moving(θ·[r, c, 1]ᵀ) and the
/// displacement is θ·[r, c, 1]ᵀ − [r, c] (physics-and-acquisition.md §9, AffineHead).
public struct AffineTransform2D: Sendable, Equatable, Codable {
    /// Row-major [θ00, θ01, θ02, θ10, θ11, θ12].
    public var theta: [Double]

    public init(theta: [Double]) {
        precondition(theta.count == 6, "AffineTransform2D needs 6 coefficients, got \(theta.count)")
        self.theta = theta
    }

    public static let identity = AffineTransform2D(theta: [1, 0, 0, 0, 1, 0])

    /// A rigid-plus-scale transform about a centre (row, column): rotation in radians
    /// (positive turns the row axis towards the column axis), isotropic scale, then a
    /// translation in pixels, all describing where each output pixel samples the moving image.
    public static func about(
        centre: (row: Double, column: Double), rotation: Double = 0, scale: Double = 1,
        translation: (row: Double, column: Double) = (0, 0)
    ) -> AffineTransform2D {
        let cs = scale * cos(rotation), sn = scale * sin(rotation)
        // p' = M (p - centre) + centre + t, with M = [[cs, -sn], [sn, cs]]
        let a = cs, b = -sn, d = sn, e = cs
        let c = centre.row - a * centre.row - b * centre.column + translation.row
        let f = centre.column - d * centre.row - e * centre.column + translation.column
        return AffineTransform2D(theta: [a, b, c, d, e, f])
    }

    /// Where output pixel (row, column) samples the moving image.
    @inlinable
    public func samplePosition(row: Double, column: Double) -> (row: Double, column: Double) {
        (theta[0] * row + theta[1] * column + theta[2], theta[3] * row + theta[4] * column + theta[5])
    }

    /// The single transform equal to warping with `self` and then warping the result with `next`:
    /// x ↦ self(next(x)).
    public func followed(by next: AffineTransform2D) -> AffineTransform2D {
        let s = theta, n = next.theta
        return AffineTransform2D(theta: [
            s[0] * n[0] + s[1] * n[3], s[0] * n[1] + s[1] * n[4], s[0] * n[2] + s[1] * n[5] + s[2],
            s[3] * n[0] + s[4] * n[3], s[3] * n[1] + s[4] * n[4], s[3] * n[2] + s[4] * n[5] + s[5],
        ])
    }

    /// The inverse map; nil when singular.
    public var inverse: AffineTransform2D? {
        let t = theta
        let det = t[0] * t[4] - t[1] * t[3]
        guard abs(det) > 1e-12, det.isFinite else { return nil }
        let a = t[4] / det, b = -t[1] / det, d = -t[3] / det, e = t[0] / det
        return AffineTransform2D(theta: [a, b, -(a * t[2] + b * t[5]), d, e, -(d * t[2] + e * t[5])])
    }

    /// The dense displacement field of this transform on a rows × columns grid.
    public func displacementField(rows: Int, columns: Int) -> DisplacementField {
        var field = DisplacementField(rows: rows, columns: columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let p = samplePosition(row: Double(r), column: Double(c))
                field.rowDisplacement[r * columns + c] = Float(p.row - Double(r))
                field.columnDisplacement[r * columns + c] = Float(p.column - Double(c))
            }
        }
        return field
    }
}
