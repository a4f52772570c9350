import MyoFlowCore

/// Keeps a refining stage's estimate for a frame only where it matches that stage's reference
/// better than the estimate it refines: NCC over the region between the native frame warped each
/// way and the stage's PCA reference frame (same contrast, so global NCC is apt).
///
/// Why: a one-shot network is imprecise near identity. On held-out phantom studies the deep
/// stages 2 and 3 *raised* the residual left by stage 1 (0.64 → 0.80 → 0.85 px,
/// `MocoValidation --method deep --studies 4`); gated, the chain left 0.65 px (0.61 px with the
/// refining networks since retrained on pre-aligned inputs). For the
/// iterative method, whose stages maximise such a metric themselves, the gate changes nothing
/// measurable (0.278 → 0.277 px).
public enum RefinementGate {
    /// The better of `candidate` and `previous` affines for `native` against `reference`.
    public static func affine(candidate: AffineTransform2D, previous: AffineTransform2D, native: Image2D, reference: Image2D, region: Mask?) throws -> AffineTransform2D {
        let kept = try score(candidate.warp(native), reference, region) > score(previous.warp(native), reference, region)
        return kept ? candidate : previous
    }

    /// The better of the `candidate` total field and the `previous` (affine) field.
    public static func field(candidate: DisplacementField, previous: DisplacementField, native: Image2D, reference: Image2D, region: Mask?) throws -> DisplacementField {
        let kept = try score(candidate.warp(native), reference, region) > score(previous.warp(native), reference, region)
        return kept ? candidate : previous
    }

    static func score(_ moved: Image2D, _ reference: Image2D, _ region: Mask?) -> Double {
        NormalizedCrossCorrelation.value(fixed: reference.pixels, moving: moved.pixels, mask: region?.values)
    }
}
