/// Inference-mode BatchNorm statistics, folded into the preceding convolution at load time:
/// BN(y) = γ·(y − μ)/√(σ² + ε) + β = s·y + (β − s·μ), s = γ/√(σ² + ε) (PyTorch BatchNorm2d, eval).
public struct BatchNormStatistics: Sendable, Equatable {
    public var weight: [Float]
    public var bias: [Float]
    public var runningMean: [Float]
    public var runningVariance: [Float]
    public var epsilon: Float

    public init(weight: [Float], bias: [Float], runningMean: [Float], runningVariance: [Float], epsilon: Float = 1e-5) throws {
        let c = weight.count
        guard bias.count == c, runningMean.count == c, runningVariance.count == c else {
            throw NeuralEngineError.shapeMismatch(what: "BatchNorm statistics", expected: [c, c, c, c], got: [weight.count, bias.count, runningMean.count, runningVariance.count])
        }
        self.weight = weight
        self.bias = bias
        self.runningMean = runningMean
        self.runningVariance = runningVariance
        self.epsilon = epsilon
    }

    public var channels: Int { weight.count }

    /// Per-channel scale s and shift (β − s·μ), computed in Double.
    public var scaleAndShift: (scale: [Double], shift: [Double]) {
        var scale = [Double](repeating: 0, count: channels), shift = scale
        for c in 0..<channels {
            scale[c] = Double(weight[c]) / (Double(runningVariance[c]) + Double(epsilon)).squareRoot()
            shift[c] = Double(bias[c]) - scale[c] * Double(runningMean[c])
        }
        return (scale, shift)
    }

    /// Folds into conv weights laid out [Cout, Cin, kh, kw] (output channel first); returns the
    /// scaled weights and the bias (existing `bias` of the conv included).
    public func fold(convWeight: [Float], bias convBias: [Float]? = nil) throws -> (weight: [Float], bias: [Float]) {
        guard channels > 0, convWeight.count % channels == 0 else {
            throw NeuralEngineError.shapeMismatch(what: "conv weight for BatchNorm folding", expected: [channels], got: [convWeight.count])
        }
        let (scale, shift) = scaleAndShift
        let per = convWeight.count / channels
        var w = convWeight
        for c in 0..<channels { for i in 0..<per { w[c * per + i] = Float(Double(w[c * per + i]) * scale[c]) } }
        let b = (0..<channels).map { Float(shift[$0] + scale[$0] * Double(convBias?[$0] ?? 0)) }
        return (w, b)
    }

    /// Folds into transposed-conv weights laid out [Cin, Cout, kh, kw] (output channel second).
    public func fold(transposedWeight: [Float], inChannels: Int, bias convBias: [Float]? = nil) throws -> (weight: [Float], bias: [Float]) {
        guard inChannels > 0, transposedWeight.count % (inChannels * max(channels, 1)) == 0, channels > 0 else {
            throw NeuralEngineError.shapeMismatch(what: "transposed conv weight for BatchNorm folding", expected: [inChannels, channels], got: [transposedWeight.count])
        }
        let (scale, shift) = scaleAndShift
        let per = transposedWeight.count / (inChannels * channels)
        var w = transposedWeight
        for ci in 0..<inChannels {
            for c in 0..<channels {
                let base = (ci * channels + c) * per
                for i in 0..<per { w[base + i] = Float(Double(w[base + i]) * scale[c]) }
            }
        }
        let b = (0..<channels).map { Float(shift[$0] + scale[$0] * Double(convBias?[$0] ?? 0)) }
        return (w, b)
    }
}
