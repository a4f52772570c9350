/// Max pooling (PyTorch `MaxPool2d`, floor mode, implicit −∞ padding).
public struct MaxPool2d: Sendable {
    public let kernel: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: (height: Int, width: Int)

    /// Kernel 2, stride 2 (MONAI's down-sampling) by default.
    public init(kernel: (Int, Int) = (2, 2), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) {
        precondition(kernel.0 > 0 && kernel.1 > 0, "MaxPool2d kernel must be positive")
        self.kernel = (kernel.0, kernel.1)
        let s = stride ?? kernel
        self.stride = (s.0, s.1)
        self.padding = (padding.0, padding.1)
    }

    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        ((height + 2 * padding.height - kernel.height) / stride.height + 1,
         (width + 2 * padding.width - kernel.width) / stride.width + 1)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.mapFrames { forward($0, arena: $1) }
    }

    func forward(_ x: FeatureMap, arena: Arena) -> FeatureMap {
        let (oh, ow) = outputSize(height: x.height, width: x.width)
        let out = FeatureMap(channels: x.channels, height: oh, width: ow, arena: arena)
        let fast = kernel == (2, 2) && stride == (2, 2) && padding == (0, 0)
        for c in 0..<x.channels {
            let src = x.data + c * x.plane, dst = out.data + c * oh * ow
            for oy in 0..<oh {
                if fast {
                    let a = src + 2 * oy * x.width, b = a + x.width
                    for ox in 0..<ow { dst[oy * ow + ox] = max(max(a[2 * ox], a[2 * ox + 1]), max(b[2 * ox], b[2 * ox + 1])) }
                    continue
                }
                for ox in 0..<ow {
                    var m = -Float.infinity
                    for i in 0..<kernel.height {
                        let iy = oy * stride.height - padding.height + i
                        guard iy >= 0, iy < x.height else { continue }
                        for j in 0..<kernel.width {
                            let ix = ox * stride.width - padding.width + j
                            if ix >= 0, ix < x.width { m = max(m, src[iy * x.width + ix]) }
                        }
                    }
                    dst[oy * ow + ox] = m
                }
            }
        }
        return out
    }
}
