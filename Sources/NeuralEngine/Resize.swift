/// Spatial resizing with PyTorch `F.interpolate(size=…)` semantics.
public enum Resize {
    /// Nearest: source index min(⌊dst·(in/out)⌋, in − 1) in Float32 (PyTorch "nearest", exact
    /// index halving for ×2).
    @inline(__always)
    static func nearestIndex(_ dst: Int, input: Int, output: Int) -> Int {
        if output == 2 * input { return dst >> 1 }
        if output == input { return dst }
        let scale = Float(input) / Float(output)
        return min(Int((Float(dst) * scale).rounded(.down)), input - 1)
    }

    /// Bilinear source coordinate: align_corners=false: max(0, (dst + ½)·in/out − ½);
    /// true: dst·(in − 1)/(out − 1).
    @inline(__always)
    static func linearSource(_ dst: Int, input: Int, output: Int, alignCorners: Bool) -> (i0: Int, i1: Int, t: Float) {
        let src: Float
        if alignCorners {
            src = output > 1 ? Float(dst) * (Float(input - 1) / Float(output - 1)) : 0
        } else {
            src = max(0, (Float(dst) + 0.5) * (Float(input) / Float(output)) - 0.5)
        }
        let i0 = min(Int(src), input - 1)
        let i1 = i0 < input - 1 ? i0 + 1 : i0
        return (i0, i1, src - Float(i0))
    }

    /// Nearest resize of every frame to height × width.
    public static func nearest(_ x: Tensor, height: Int, width: Int) -> Tensor {
        x.mapFrames { map, arena in
            let out = FeatureMap(channels: map.channels, height: height, width: width, arena: arena)
            nearest(map, into: out)
            return out
        }
    }

    /// Bilinear resize of every frame to height × width.
    public static func bilinear(_ x: Tensor, height: Int, width: Int, alignCorners: Bool = false) -> Tensor {
        x.mapFrames { map, arena in
            let out = FeatureMap(channels: map.channels, height: height, width: width, arena: arena)
            for oy in 0..<height {
                let (y0, y1, ty) = linearSource(oy, input: map.height, output: height, alignCorners: alignCorners)
                for ox in 0..<width {
                    let (x0, x1, tx) = linearSource(ox, input: map.width, output: width, alignCorners: alignCorners)
                    for c in 0..<map.channels {
                        let s = map.data + c * map.plane
                        let top = (1 - tx) * s[y0 * map.width + x0] + tx * s[y0 * map.width + x1]
                        let bottom = (1 - tx) * s[y1 * map.width + x0] + tx * s[y1 * map.width + x1]
                        out.data[c * out.plane + oy * width + ox] = (1 - ty) * top + ty * bottom
                    }
                }
            }
            return out
        }
    }

    /// Nearest resize of `x` into `out` (same channel count); `accumulate` adds instead of writing.
    static func nearest(_ x: FeatureMap, into out: FeatureMap, accumulate: Bool = false) {
        for c in 0..<x.channels {
            let s = x.data + c * x.plane, d = out.data + c * out.plane
            for oy in 0..<out.height {
                let line = s + nearestIndex(oy, input: x.height, output: out.height) * x.width
                let dst = d + oy * out.width
                for ox in 0..<out.width {
                    let v = line[nearestIndex(ox, input: x.width, output: out.width)]
                    if accumulate { dst[ox] += v } else { dst[ox] = v }
                }
            }
        }
    }
}
