// Pixel-wise Fermi fits per second (tools/bench/README.md). Synthetic 60-frame curves, a
// gamma-variate AIF on an irregular one-frame-per-beat grid, CNR-20 noise; all cores unless
// MYOFLOW_BENCH_WORKERS is set (the workers count comes from activeProcessorCount).
import AIF
import Foundation
import Kinetics
import MyoFlowCore
import Physics

let side = Int(ProcessInfo.processInfo.environment["MYOFLOW_BENCH_SIDE"] ?? "") ?? 120
let frames = 60
struct LCG {
    var state: UInt64 = 12345
    mutating func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func gaussian() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
}
var rng = LCG()

var acquisition: [Double] = []
var t = 0.0
for _ in 0..<frames { acquisition.append(t); t += 0.85 * (1 + 0.1 * (2 * rng.uniform() - 1)) }
let times = acquisition
let shape = GammaVariateAIF()
let aif = try AIFCurve(timesSeconds: times, gdMmolPerL: times.map { shape.concentration(at: $0) })

// A few distinct true curves (MBF 0.8–4), noise added per pixel.
func tissueCurve(mbf: Double, delay: Double, times: [Double], shape: GammaVariateAIF) -> [Double] {
    let residue = FermiResidue(mbfMlPerMinPerG: mbf, shoulderS: 2.5, washoutPerS: 0.6, delayS: delay)
    return times.map { tt in
        var sum = 0.0
        let dv = 0.01
        var v = delay
        while v < tt - shape.arrivalS { sum += shape.concentration(at: tt - v) * residue.value(at: v) * dv; v += dv }
        return sum
    }
}
let templates = [(0.8, 0.5), (1.5, 1.0), (2.5, 0.8), (4.0, 1.5)].map { tissueCurve(mbf: $0.0, delay: $0.1, times: times, shape: shape) }
let n = side * side
var pixels = [Float](repeating: 0, count: frames * n)
for p in 0..<n {
    let c = templates[p % templates.count]
    let sigma = c.max()! / 20
    for f in 0..<frames { pixels[f * n + p] = Float(c[f] + sigma * rng.gaussian()) }
}
let series = try ImageSeries(frames: frames, rows: side, columns: side, pixels: pixels,
                             geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: 2)), timesSeconds: times)
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
let start = Date()
let cpuStart = cpuSeconds()
let maps = try PixelwiseFermiFit.fit(tissueGd: series, aif: aif)
let seconds = Date().timeIntervalSince(start)
let cpu = cpuSeconds() - cpuStart
let fitted = maps.fittedCount
let meanIterations = Double(maps.results.compactMap { $0?.iterations }.reduce(0, +)) / Double(fitted)
print(String(format: "pixel-wise Fermi fits: %d curves × %d frames in %.3f s on %d cores = %.0f fits/s (flagged %d, mean %.1f iterations)",
             fitted, frames, seconds, ProcessInfo.processInfo.activeProcessorCount, Double(fitted) / seconds,
             maps.flaggedCount, meanIterations))
print(String(format: "CPU time %.3f s = %.1f µs per fit per core → %.0f fits/s on 2 uncontended cores",
             cpu, cpu / Double(fitted) * 1e6, 2 * Double(fitted) / cpu))
let iterations = maps.results.compactMap { $0?.iterations }.sorted()
print("iterations: median \(iterations[iterations.count / 2]), 90th \(iterations[iterations.count * 9 / 10]), max \(iterations.last!)")
var reasons: [String: Int] = [:]
for r in maps.results.compactMap({ $0 }) where !r.converged { reasons[r.failure?.description ?? "?", default: 0] += 1 }
print("flag reasons: \(reasons)")
let s = maps.meanCurveFit.parameters
print("seed: MBF \(s.mbfMlPerMinPerG) τ0 \(s.shoulderS) k \(s.washoutPerS) τd \(s.delayS)")
let sample = maps.results.compactMap { $0 }.prefix(8).map { String(format: "(%.2f %.2f %.2f %.2f it %d)", $0.mbfMlPerMinPerG, $0.parameters.shoulderS, $0.parameters.washoutPerS, $0.parameters.delayS, $0.iterations) }
print(sample.joined(separator: " "))
