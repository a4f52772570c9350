/// A dense 4-d Float32 tensor in NCHW order (batch, channels, rows, columns), contiguous:
/// `values[((n * channels + c) * height + h) * width + w]`. The currency of the public op API and
/// of batched inference; the networks run frame by frame on arena memory internally.
public struct Tensor: Sendable, Equatable {
    public let batch: Int
    public let channels: Int
    public let height: Int
    public let width: Int
    public var values: [Float]

    /// The shape as [N, C, H, W].
    public var shape: [Int] { [batch, channels, height, width] }
    /// Elements of one frame (C·H·W).
    public var frameCount: Int { channels * height * width }

    /// Creates a tensor; throws when `values.count` does not match the shape or a dimension is
    /// not positive.
    public init(batch: Int, channels: Int, height: Int, width: Int, values: [Float]) throws {
        guard batch > 0, channels > 0, height > 0, width > 0, values.count == batch * channels * height * width else {
            throw NeuralEngineError.shapeMismatch(what: "Tensor", expected: [batch, channels, height, width], got: [values.count])
        }
        self.batch = batch
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }

    /// A constant tensor.
    public init(batch: Int, channels: Int, height: Int, width: Int, repeating value: Float = 0) {
        precondition(batch > 0 && channels > 0 && height > 0 && width > 0, "Tensor needs positive dimensions")
        self.batch = batch
        self.channels = channels
        self.height = height
        self.width = width
        values = [Float](repeating: value, count: batch * channels * height * width)
    }

    /// A tensor from a shape array ([N, C, H, W], or [N, F] read as N×F×1×1).
    public init(shape: [Int], values: [Float]) throws {
        switch shape.count {
        case 4: try self.init(batch: shape[0], channels: shape[1], height: shape[2], width: shape[3], values: values)
        case 2: try self.init(batch: shape[0], channels: shape[1], height: 1, width: 1, values: values)
        default: throw NeuralEngineError.shapeMismatch(what: "Tensor (needs NCHW or NF)", expected: [4], got: shape)
        }
    }

    public subscript(n: Int, c: Int, h: Int, w: Int) -> Float {
        get { values[((n * channels + c) * height + h) * width + w] }
        set { values[((n * channels + c) * height + h) * width + w] = newValue }
    }

    /// Largest absolute element (0 for an all-zero tensor).
    public var maxAbs: Float { values.reduce(0) { max($0, abs($1)) } }

    /// Largest absolute difference to another tensor of the same shape.
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "maxAbsDifference of \(shape) and \(other.shape)")
        var m: Float = 0
        for i in values.indices { m = max(m, abs(values[i] - other.values[i])) }
        return m
    }

    /// Concatenation along the channel axis (same N, H, W).
    public static func concatenateChannels(_ tensors: [Tensor]) throws -> Tensor {
        guard let first = tensors.first else { throw NeuralEngineError.shapeMismatch(what: "concatenation of no tensors", expected: [], got: []) }
        for t in tensors where t.batch != first.batch || t.height != first.height || t.width != first.width {
            throw NeuralEngineError.shapeMismatch(what: "channel concatenation", expected: first.shape, got: t.shape)
        }
        let channels = tensors.reduce(0) { $0 + $1.channels }
        var values = [Float]()
        values.reserveCapacity(first.batch * channels * first.height * first.width)
        for n in 0..<first.batch {
            for t in tensors { values += t.values[(n * t.frameCount)..<((n + 1) * t.frameCount)] }
        }
        return try Tensor(batch: first.batch, channels: channels, height: first.height, width: first.width, values: values)
    }

    /// Element-wise sum (same shape).
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        precondition(lhs.shape == rhs.shape, "adding \(lhs.shape) and \(rhs.shape)")
        var out = lhs
        for i in out.values.indices { out.values[i] += rhs.values[i] }
        return out
    }
}
