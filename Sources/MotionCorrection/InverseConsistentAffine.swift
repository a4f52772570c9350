import MyoFlowCore

/// Symmetric (inverse-consistent) combination of two affine estimates of one registration:
/// `forward` maps fixed → moving (moving(forward·x) ≈ fixed(x)), `backward` was estimated with
/// the images' roles exchanged, so ideally backward = forward⁻¹. The combination is the mean of
/// the coefficients of forward and backward⁻¹: any error that flips sign when the inputs are
/// exchanged cancels to first order, and errors the two share are kept, not doubled.
public enum InverseConsistentAffine {
    /// ½(forward + backward⁻¹), coefficient-wise; `forward` alone when `backward` is singular.
    public static func mean(forward: AffineTransform2D, backward: AffineTransform2D) -> AffineTransform2D {
        guard let inverse = backward.inverse else { return forward }
        return AffineTransform2D(theta: zip(forward.theta, inverse.theta).map { 0.5 * ($0 + $1) })
    }
}
