import MyoFlowCore

/// Keeps a refining stage's estimate for a frame only where it matches that stage's reference
/// better than the estimate it refines: NCC over the region between each estimate's warped frame
/// and the stage's PCA reference frame (same contrast, so global NCC is apt). The earlier
/// estimate's warped frame is the earlier stage's output, already computed for the PCA reference.
///
/// Why: a one-shot network is imprecise near identity. On held-out phantom studies the deep
/// stages 2 and 3 *raised* the residual left by stage 1 (0.64 → 0.80 → 0.85 px,
/// `MocoValidation --method deep --studies 4`); gated, the chain left 0.65 px (0.61 px with the
/// refining networks since retrained on pre-aligned inputs). For the iterative method, whose
/// stages maximise such a metric themselves, the gate changes nothing measurable (0.278 → 0.277 px).
public enum RefinementGate {
    /// Whether `candidate` (the frame warped by the refining stage's estimate) matches `reference`
    /// better than `previous` (the frame as the earlier stage left it).
    public static func keepsCandidate(_ candidate: Image2D, over previous: Image2D, reference: Image2D, region: Mask?) -> Bool {
        score(candidate, reference, region) > score(previous, reference, region)
    }

    static func score(_ moved: Image2D, _ reference: Image2D, _ region: Mask?) -> Double {
        NormalizedCrossCorrelation.value(fixed: reference.pixels, moving: moved.pixels, mask: region?.values)
    }
}
