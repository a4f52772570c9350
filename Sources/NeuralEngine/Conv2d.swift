import Dispatch
import Numerics

/// 2-d convolution (cross-correlation, PyTorch `Conv2d` semantics): any kernel, stride and zero
/// padding, optional bias, fused residual addition and activation. Runs as im2col + SGEMM:
/// out[Cout, Hout·Wout] = W[Cout, Cin·kh·kw] · col[Cin·kh·kw, Hout·Wout].
public struct Conv2d: Sendable {
    public let inChannels: Int
    public let outChannels: Int
    public let kernel: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: (height: Int, width: Int)
    /// Weights [Cout, Cin, kh, kw] row-major (PyTorch layout), BatchNorm already folded in.
    public let weight: [Float]
    public let bias: [Float]?
    public let activation: Activation

    public init(inChannels: Int, outChannels: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), weight: [Float], bias: [Float]? = nil, activation: Activation = .identity) throws {
        guard inChannels > 0, outChannels > 0, kernel.0 > 0, kernel.1 > 0, stride.0 > 0, stride.1 > 0, padding.0 >= 0, padding.1 >= 0 else {
            throw NeuralEngineError.shapeMismatch(what: "Conv2d geometry", expected: [outChannels, inChannels, kernel.0, kernel.1], got: [stride.0, stride.1, padding.0, padding.1])
        }
        guard weight.count == outChannels * inChannels * kernel.0 * kernel.1 else {
            throw NeuralEngineError.shapeMismatch(what: "Conv2d weight", expected: [outChannels, inChannels, kernel.0, kernel.1], got: [weight.count])
        }
        if let bias, bias.count != outChannels {
            throw NeuralEngineError.shapeMismatch(what: "Conv2d bias", expected: [outChannels], got: [bias.count])
        }
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = (kernel.0, kernel.1)
        self.stride = (stride.0, stride.1)
        self.padding = (padding.0, padding.1)
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }

    /// "Same" convolution with stride 1 (odd kernels), as MONAI's `same_padding`.
    public init(inChannels: Int, outChannels: Int, sameKernel k: Int, weight: [Float], bias: [Float]? = nil,
                activation: Activation = .identity) throws {
        try self.init(inChannels: inChannels, outChannels: outChannels, kernel: (k, k), padding: ((k - 1) / 2, (k - 1) / 2),
                      weight: weight, bias: bias, activation: activation)
    }

    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        ((height + 2 * padding.height - kernel.height) / stride.height + 1,
         (width + 2 * padding.width - kernel.width) / stride.width + 1)
    }

    /// Applies the convolution to every frame.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.channels == inChannels else {
            throw NeuralEngineError.shapeMismatch(what: "Conv2d input channels", expected: [inChannels], got: [x.channels])
        }
        let o = outputSize(height: x.height, width: x.width)
        guard o.height > 0, o.width > 0 else {
            throw NeuralEngineError.shapeMismatch(what: "Conv2d input smaller than kernel", expected: [kernel.height, kernel.width], got: [x.height, x.width])
        }
        return x.mapFrames { forward($0, arena: $1) }
    }

    /// One frame: out = act(conv(x) + bias + residual). `residual` must have the output's shape.
    func forward(_ x: FeatureMap, arena: Arena, residual: UnsafePointer<Float>? = nil) -> FeatureMap {
        let t0 = arena.profiling ? arena.now() : 0
        let (oh, ow) = outputSize(height: x.height, width: x.width)
        let out = FeatureMap(channels: outChannels, height: oh, width: ow, arena: arena)
        let n = oh * ow, k = inChannels * kernel.height * kernel.width
        let mark = arena.mark
        let pointwise = kernel == (1, 1) && stride == (1, 1) && padding == (0, 0)
        // im2col in bands of output rows small enough to stay in cache while SGEMM packs them (a
        // whole-image column matrix is memory-bound for few channels); the epilogue runs on each
        // band while it is still in cache. With `bandParallelism` p > 1 (single-frame latency
        // mode, OpenBLAS single-threaded) the bands are spread over p threads — or, for small maps
        // whose cost is reading the weights, the output channels are, so no weight is read twice.
        let splitChannels = arena.bandParallelism > 1 && n <= 1024 && outChannels >= 16
        let p = splitChannels ? 1 : max(1, min(arena.bandParallelism, oh))
        let cacheRows = pointwise ? oh : min(oh, max(Self.bandFloats / max(1, k * ow), (511 + ow) / ow))
        let bandRows = p > 1 ? min(cacheRows, (oh + p - 1) / p) : cacheRows
        let bands = (oh + bandRows - 1) / bandRows
        let colSize = pointwise ? 0 : k * bandRows * ow
        let cols = UnsafeSendable(arena.allocate(max(1, colSize * min(p, bands))))
        let output = UnsafeSendable(out.data), input = x
        weight.withUnsafeBufferPointer { w in
            bias.withOptionalPointer { b in
                let wp = UnsafeSendableConst(w.baseAddress!), bp = b.map(UnsafeSendableConst.init)
                let rp = residual.map(UnsafeSendableConst.init)
                // Column matrix of one band: (pointer, leading dimension, first row, columns).
                let prepare: @Sendable (Int, Int) -> (UnsafeSendableConst, Int, Int, Int) = { band, lane in
                    let oy0 = band * bandRows, rows = min(bandRows, oh - oy0), count = rows * ow
                    if pointwise { return (UnsafeSendableConst(input.data + oy0 * ow), n, oy0, count) }
                    let buffer = cols.pointer + lane * colSize
                    im2col(input, into: buffer, outHeight: oh, outWidth: ow, rows: oy0..<(oy0 + rows))
                    return (UnsafeSendableConst(buffer), count, oy0, count)
                }
                // SGEMM + epilogue of output channels `channels` for one prepared band.
                let gemm: @Sendable ((UnsafeSendableConst, Int, Int, Int), Range<Int>) -> Void = { band, channels in
                    let (col, ldb, oy0, count) = band
                    let c = output.pointer + channels.lowerBound * n + oy0 * ow
                    BLAS.sgemm(m: channels.count, n: count, k: k, a: wp.pointer + channels.lowerBound * k, lda: k,
                               b: col.pointer, ldb: ldb, c: c, ldc: n)
                    epilogue(c, channels: channels.count, count: count, stride: n, bias: bp.map { $0.pointer + channels.lowerBound },
                             residual: rp.map { $0.pointer + channels.lowerBound * n + oy0 * ow }, activation: activation)
                }
                if splitChannels {
                    let lanes = arena.bandParallelism, chunk = (outChannels + lanes - 1) / lanes
                    for band in 0..<bands {
                        let prepared = prepare(band, 0)
                        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                            let m0 = lane * chunk, m1 = min(outChannels, m0 + chunk)
                            if m0 < m1 { gemm(prepared, m0..<m1) }
                        }
                    }
                } else if p > 1, bands > 1 {
                    let lanes = min(p, bands)
                    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                        var band = lane
                        while band < bands { gemm(prepare(band, lane), 0..<outChannels); band += lanes }
                    }
                } else {
                    for band in 0..<bands { gemm(prepare(band, 0), 0..<outChannels) }
                }
            }
        }
        arena.release(to: mark)
        arena.convolutionFlops += 2 * Double(outChannels) * Double(k) * Double(n)
        if arena.profiling { arena.convolutionSeconds += arena.now() - t0 }
        return out
    }

    /// Target size (floats) of one im2col band: about 512 KB, within L2 on current x86 cores.
    static let bandFloats = 1 << 17

    /// col[(c·kh + i)·kw + j, (oy − rows.lowerBound)·ow + ox] = x[c, oy·sh − ph + i, ox·sw − pw + j]
    /// (0 outside) for output rows `rows`.
    private func im2col(_ x: FeatureMap, into col: UnsafeMutablePointer<Float>, outHeight oh: Int, outWidth ow: Int, rows: Range<Int>) {
        let (kh, kw) = kernel, (sh, sw) = stride, (ph, pw) = padding
        let h = x.height, w = x.width
        var row = col
        for c in 0..<inChannels {
            let src = x.data + c * h * w
            for i in 0..<kh {
                for j in 0..<kw {
                    // Output columns whose input column ox·sw − pw + j lies inside [0, w).
                    let lo = min(ow, max(0, (pw - j + sw - 1) / sw))
                    let last = w - 1 + pw - j
                    let hi = last < 0 ? lo : max(lo, min(ow, last / sw + 1))
                    for oy in rows {
                        let dst = row + (oy - rows.lowerBound) * ow
                        let iy = oy * sh - ph + i
                        if iy < 0 || iy >= h {
                            dst.update(repeating: 0, count: ow)
                            continue
                        }
                        let line = src + iy * w
                        if lo > 0 { dst.update(repeating: 0, count: lo) }
                        if sw == 1 {
                            (dst + lo).update(from: line + (lo - pw + j), count: hi - lo)
                        } else {
                            for ox in lo..<hi { dst[ox] = line[ox * sw - pw + j] }
                        }
                        if hi < ow { (dst + hi).update(repeating: 0, count: ow - hi) }
                    }
                    row += rows.count * ow
                }
            }
        }
    }
}
