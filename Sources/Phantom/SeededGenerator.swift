import Foundation

/// A deterministic xoshiro256** generator seeded through SplitMix64.
///
/// The phantom never uses the system generator: every study, frame and training record is a pure
/// function of its seed. `derived(_:)` gives independent, reproducible sub-streams (one per slice,
/// frame or record) so parallel generation stays deterministic whatever the thread schedule.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func next() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// An independent generator for sub-stream `index` (e.g. a frame), not advancing `self`.
    public func derived(_ index: UInt64) -> SeededGenerator {
        SeededGenerator(seed: (s0 ^ Self.rotl(s2, 13)) &+ index &* 0xD1B5_4A32_D192_ED03)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Normal with mean and standard deviation.
    public mutating func normal(_ mean: Double, _ sd: Double) -> Double { mean + sd * normal() }

    /// True with probability p.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform integer in a closed range.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// Fills `buffer` with pairs of independent standard normals scaled by `sd` (Box–Muller, both outputs used).
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, sd: Float) {
        var i = 0
        let n = buffer.count
        while i < n {
            let u1 = max(unit(), 1e-300), u2 = unit()
            let r = Float((-2 * log(u1)).squareRoot()) * sd
            let a = Float(2 * .pi * u2)
            buffer[i] = r * cos(a)
            if i + 1 < n { buffer[i + 1] = r * sin(a) }
            i += 2
        }
    }
}
