/// Discrete convolution on a uniform grid: C(tᵢ) = Δt·Σ_{j≤i} Ca(tⱼ)·R(tᵢ − tⱼ)
/// (physics-and-acquisition.md §10, forward model C = Δt·A·R).
public enum UniformConvolution {
    /// `input` and `kernel` sampled at the same spacing `dt` (s), starting at lag 0; the output
    /// has `input.count` samples.
    public static func convolve(_ input: [Double], _ kernel: [Double], dt: Double) -> [Double] {
        let n = input.count
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            let jStart = max(0, i - kernel.count + 1)
            for j in jStart...i { sum += input[j] * kernel[i - j] }
            out[i] = sum * dt
        }
        return out
    }
}
