import MyoFlowCore

/// The image representation a registration compares.
public enum RegistrationFeature: Sendable, Equatable {
    /// Raw intensities: right when fixed and moving share their contrast (a frame against its
    /// PCA reference).
    case intensity
    /// Gradient magnitude |∇(G_σ * I)| with σ in pixels: edges stay put when the contrast
    /// between tissues changes or reverses (frame against a frame of another contrast phase,
    /// PD against a saturation-recovery frame).
    case gradientMagnitude(sigma: Double)

    /// The feature image of `image`.
    public func apply(_ image: Image2D) -> Image2D {
        switch self {
        case .intensity: return image
        case let .gradientMagnitude(sigma): return ImageGradient.magnitude(image, sigma: sigma)
        }
    }
}
