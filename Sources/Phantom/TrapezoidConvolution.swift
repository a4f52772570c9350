/// Convolution C(tᵢ) = ∫₀^{tᵢ} k(s)·a(tᵢ − s) ds on a uniform grid by the trapezoid rule
/// (physics-and-acquisition.md §4, C_myo = C_a ⊗ R), starting at lag index `firstLag` so that a
/// kernel with a jump there (the Fermi residue at τd) is integrated exactly as a smooth function
/// on [τd, tᵢ] (second-order accurate).
public enum TrapezoidConvolution {
    /// `input` a(t) and `kernel` k(s) sampled every `dt` s from 0; kernel values below `firstLag`
    /// are ignored (treated as zero). Output has `input.count` samples.
    public static func convolve(_ input: [Double], kernel: [Double], dt: Double, firstLag: Int = 0) -> [Double] {
        let n = input.count
        var out = [Double](repeating: 0, count: n)
        let m0 = max(0, firstLag)
        input.withUnsafeBufferPointer { a in
            kernel.withUnsafeBufferPointer { k in
                out.withUnsafeMutableBufferPointer { o in
                    // Hot loop: unsafe buffers avoid bounds checks (n² / 2 multiply-adds per curve).
                    for i in 0..<n where i > m0 {
                        let mMax = min(i, k.count - 1)
                        guard mMax >= m0 else { continue }
                        var sum = 0.5 * k[m0] * a[i - m0]
                        if mMax > m0 {
                            for m in (m0 + 1)..<mMax { sum += k[m] * a[i - m] }
                            sum += (mMax == i ? 0.5 : 1) * k[mMax] * a[i - mMax]
                        }
                        o[i] = sum * dt
                    }
                }
            }
        }
        return out
    }
}
