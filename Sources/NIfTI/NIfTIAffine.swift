import MyoFlowCore

/// Conversions between NIfTI voxel→RAS affines and DICOM LPS slice geometry.
///
/// Convention (as dcm2niix/nibabel without re-orientation): NIfTI i = column, j = row, k = slice;
/// RAS = diag(−1, −1, 1) · LPS. So the affine's first column is −/−/+ rowDirection × column
/// spacing, the second −/−/+ columnDirection × row spacing, the third the slice normal × thickness,
/// and the translation the flipped ImagePositionPatient.
public enum NIfTIAffine {
    /// The RAS affine of a slice's pixel grid.
    public static func affine(from g: SliceGeometry) -> [[Double]] {
        let f = SIMD3<Double>(-1, -1, 1)
        let c0 = f * g.rowDirection * g.spacing.columnMm
        let c1 = f * g.columnDirection * g.spacing.rowMm
        let c2 = f * g.normal * g.sliceThicknessMm
        let t = f * g.position
        return [[c0.x, c1.x, c2.x, t.x], [c0.y, c1.y, c2.y, t.y], [c0.z, c1.z, c2.z, t.z], [0, 0, 0, 1]]
    }

    /// The slice geometry of k = 0 of an affine; nil when a column is degenerate.
    public static func geometry(from a: [[Double]]) -> SliceGeometry? {
        guard a.count >= 3, a.allSatisfy({ $0.count >= 4 }) else { return nil }
        let f = SIMD3<Double>(-1, -1, 1)
        let c0 = f * SIMD3(a[0][0], a[1][0], a[2][0])
        let c1 = f * SIMD3(a[0][1], a[1][1], a[2][1])
        let c2 = SIMD3(a[0][2], a[1][2], a[2][2])
        let colSpacing = (c0 * c0).sum().squareRoot(), rowSpacing = (c1 * c1).sum().squareRoot()
        let thickness = (c2 * c2).sum().squareRoot()
        guard colSpacing > 0, rowSpacing > 0, colSpacing.isFinite, rowSpacing.isFinite else { return nil }
        return SliceGeometry(position: f * SIMD3(a[0][3], a[1][3], a[2][3]), rowDirection: c0 / colSpacing,
                             columnDirection: c1 / rowSpacing, spacing: PixelSpacing(rowMm: rowSpacing, columnMm: colSpacing),
                             sliceThicknessMm: thickness > 0 && thickness.isFinite ? thickness : 1)
    }

    /// The qform affine (NIfTI-1 header documentation, "METHOD 2").
    public static func fromQuaternion(b: Double, c: Double, d: Double, offset: (Double, Double, Double),
                                      spacing: (Double, Double, Double), qfac: Double) -> [[Double]] {
        let a = max(0, 1 - (b * b + c * c + d * d)).squareRoot()
        let r = [[a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
                 [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
                 [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b]]
        let s = [spacing.0, spacing.1, spacing.2 * qfac]
        let o = [offset.0, offset.1, offset.2]
        return (0..<3).map { i in [r[i][0] * s[0], r[i][1] * s[1], r[i][2] * s[2], o[i]] } + [[0, 0, 0, 1]]
    }

    /// Quaternion (b, c, d), qfac and voxel sizes of an affine's rotation part
    /// (nifti_mat44_to_quatern, without the polar decomposition: columns are normalised).
    public static func toQuaternion(_ m: [[Double]]) -> (b: Double, c: Double, d: Double, qfac: Double, spacing: [Double]) {
        var cols = (0..<3).map { j in SIMD3(m[0][j], m[1][j], m[2][j]) }
        var spacing = cols.map { ($0 * $0).sum().squareRoot() }
        for j in 0..<3 {
            if spacing[j] == 0 { spacing[j] = 1; cols[j] = SIMD3((j == 0 ? 1 : 0), (j == 1 ? 1 : 0), (j == 2 ? 1 : 0)) } else { cols[j] /= spacing[j] }
        }
        let det = cols[0].x * (cols[1].y * cols[2].z - cols[2].y * cols[1].z)
            - cols[1].x * (cols[0].y * cols[2].z - cols[2].y * cols[0].z)
            + cols[2].x * (cols[0].y * cols[1].z - cols[1].y * cols[0].z)
        var qfac = 1.0
        if det < 0 { qfac = -1; cols[2] = -cols[2] }
        let r11 = cols[0].x, r12 = cols[1].x, r13 = cols[2].x
        let r21 = cols[0].y, r22 = cols[1].y, r23 = cols[2].y
        let r31 = cols[0].z, r32 = cols[1].z, r33 = cols[2].z
        var a = r11 + r22 + r33 + 1, b: Double, c: Double, d: Double
        if a > 0.5 {
            a = 0.5 * a.squareRoot()
            b = 0.25 * (r32 - r23) / a; c = 0.25 * (r13 - r31) / a; d = 0.25 * (r21 - r12) / a
        } else {
            let xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22)
            if xd > 1 {
                b = 0.5 * xd.squareRoot(); c = 0.25 * (r12 + r21) / b; d = 0.25 * (r13 + r31) / b; a = 0.25 * (r32 - r23) / b
            } else if yd > 1 {
                c = 0.5 * yd.squareRoot(); b = 0.25 * (r12 + r21) / c; d = 0.25 * (r23 + r32) / c; a = 0.25 * (r13 - r31) / c
            } else {
                d = 0.5 * max(zd, 0).squareRoot(); b = d == 0 ? 0 : 0.25 * (r13 + r31) / d; c = d == 0 ? 0 : 0.25 * (r23 + r32) / d; a = d == 0 ? 1 : 0.25 * (r21 - r12) / d
            }
            if a < 0 { b = -b; c = -c; d = -d }
        }
        return (b, c, d, qfac, spacing)
    }
}
