import Foundation
import MyoFlowCore
import Phantom
import Physics

/// Helpers shared by the phantom tests.
enum TestSupport {
    /// The static case without noise, PSF or motion (the cleanest data).
    static func cleanSpec(_ c: PhantomCase = .staticReference, seed: UInt64 = 3) -> PhantomSpec {
        var s = c.spec(seed: seed)
        s.contrastToNoise = 0
        s.pointSpreadSigmaPixels = 0
        s.motion = .none
        return s
    }

    /// Gd from a noiseless centric-readout signal, by the closed-form inverse of
    /// S/S_PD = sin α·(1 − e^{−TS·R1}) / sin α_PD (independent of the phantom's code path).
    static func invertCentric(signal: Double, pd: Double, ts: Double, flipDeg: Double, pdFlipDeg: Double,
                              nativeT1: Double, r1: Double) -> Double {
        let mz = signal / pd * sin(pdFlipDeg * .pi / 180) / sin(flipDeg * .pi / 180)
        let rate = -log(1 - mz) / ts
        return (rate - 1 / nativeT1) / r1
    }

    /// Index of the first pixel with a given tissue code whose 3×3 neighbourhood is that tissue too.
    static func interiorPixels(_ tissue: [UInt8], rows: Int, columns: Int, code: UInt8) -> [Int] {
        var out: [Int] = []
        for r in 1..<(rows - 1) {
            for c in 1..<(columns - 1) {
                var ok = true
                for dr in -1...1 { for dc in -1...1 where tissue[(r + dr) * columns + c + dc] != code { ok = false } }
                if ok { out.append(r * columns + c) }
            }
        }
        return out
    }
}
