/// Inference InstanceNorm2d (MONAI's default norm in BasicUNet): per frame and channel,
/// y = γ·(x − mean)/√(var + ε) + β with the biased variance over H×W, then an activation.
/// Statistics come from the frame itself, so it cannot be folded into the conv.
struct InstanceNorm: Sendable {
    let weight: [Float]?
    let bias: [Float]?
    let epsilon: Float = 1e-5

    func apply(_ x: FeatureMap, activation: Activation) {
        let n = x.plane
        for c in 0..<x.channels {
            let p = x.data + c * n
            var sum = 0.0
            for i in 0..<n { sum += Double(p[i]) }
            let mean = sum / Double(n)
            var sq = 0.0
            for i in 0..<n { let d = Double(p[i]) - mean; sq += d * d }
            let scale = Double(weight?[c] ?? 1) / (sq / Double(n) + Double(epsilon)).squareRoot()
            let shift = Double(bias?[c] ?? 0) - mean * scale
            let s = Float(scale), t = Float(shift)
            for i in 0..<n { p[i] = activation.apply(p[i] * s + t) }
        }
    }
}
