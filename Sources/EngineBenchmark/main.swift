// EngineBenchmark: latency and throughput of the NeuralEngine networks (random weights) on this
// machine, with the OpenBLAS SGEMM peak measured in the same run.
//
//   swift run -c release EngineBenchmark [--frames 16] [--repeats 5] [--depth6]
//
// Prints, per network: single-frame latency (conv bands over all workers), batched ms/frame (one
// frame per worker, OpenBLAS single-threaded), achieved GFLOP/s of the conv layers and the ratio
// to the SGEMM peak. Best of `repeats` runs (the machine is shared; the best run is the least
// disturbed one).
import Foundation
import NeuralEngine
import Numerics

func clock(_ id: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(id, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
func now() -> Double { clock(CLOCK_MONOTONIC) }
/// CPU seconds of the whole process (all threads): on a shared machine this excludes the time
/// our threads waited for a core.
func processCPU() -> Double { clock(CLOCK_PROCESS_CPUTIME_ID) }

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
let frames = option("--frames", 16)
let repeats = option("--repeats", 5)
let workers = option("--workers", ProcessInfo.processInfo.activeProcessorCount)

/// Best-of-`repeats` SGEMM rate (GFLOP/s) for m×k·k×n with `threads` OpenBLAS threads, by wall
/// clock and by CPU time (CPU time divided by the thread count).
func sgemmPeak(m: Int, n: Int, k: Int, threads: Int) -> (wall: Double, cpu: Double) {
    BLAS.threadCount = threads
    let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
    var c = [Float](repeating: 0, count: m * n)
    var best = Double.infinity, bestCPU = Double.infinity
    for _ in 0..<max(3, repeats) {
        let t0 = now(), c0 = processCPU()
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.sgemm(m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        best = min(best, now() - t0)
        bestCPU = min(bestCPU, (processCPU() - c0) / Double(threads))
    }
    let flops = 2 * Double(m) * Double(n) * Double(k)
    return (flops / best / 1e9, flops / bestCPU / 1e9)
}

func loadAverage() -> Double {
    var l = [Double](repeating: 0, count: 3)
    return getloadavg(&l, 3) > 0 ? l[0] : .nan
}

func randomInput(_ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Tensor {
    var state: UInt32 = 12345
    let values = (0..<(n * c * h * w)).map { _ -> Float in
        state = state &* 1_664_525 &+ 1_013_904_223
        return Float(state >> 8) / Float(1 << 24)
    }
    return try! Tensor(batch: n, channels: c, height: h, width: w, values: values)
}

let f1 = { (x: Double) in String(format: "%.1f", x) }
let peak = sgemmPeak(m: 1024, n: 1024, k: 1024, threads: 1)
let peakAllMeasured = sgemmPeak(m: 1024, n: 1024, k: 1024, threads: workers)
let peak1 = peak.cpu, peakAll = peakAllMeasured.wall
print("OpenBLAS SGEMM 1024³: 1 thread \(f1(peak.wall)) GFLOP/s wall, \(f1(peak.cpu)) GFLOP/s per CPU-second; \(workers) threads \(f1(peakAllMeasured.wall)) GFLOP/s wall")
print(String(format: "load average at start: %.2f (2 cores; other jobs on the machine depress wall-clock figures)", loadAverage()))
print("frames per batch: \(frames), workers: \(workers), best of \(repeats)")

func bench(_ name: String, _ config: ModelConfig, height: Int, width: Int) throws {
    let network = try NeuralNetwork(config: config, parameters: .random(seed: 7))
    let session = InferenceSession(network: network, workers: workers)
    let single = randomInput(1, config.inChannels, height, width)
    let batch = randomInput(frames, config.inChannels, height, width)
    _ = try session.run(single)
    _ = try session.run(batch)  // warm the arenas
    var bestSingle = Double.infinity, bestBatch = Double.infinity, bestBatchCPU = Double.infinity
    for _ in 0..<repeats {
        let t0 = now(); _ = try session.run(single); bestSingle = min(bestSingle, now() - t0)
    }
    let flopsPerFrame = session.lastConvolutionFlops
    for _ in 0..<repeats {
        let t0 = now(), c0 = processCPU()
        _ = try session.run(batch)
        bestBatch = min(bestBatch, now() - t0)
        bestBatchCPU = min(bestBatchCPU, processCPU() - c0)
    }
    // Conv-layer rate per worker thread, from timed layers in one profiled batched run.
    session.profiling = true
    _ = try session.run(batch)
    let convRatePerThread = session.lastConvolutionFlops / session.lastConvolutionSeconds / 1e9
    session.profiling = false
    // Alternative schedule: frames one after another, each conv spread over the workers.
    let sequential = InferenceSession(network: network, workers: workers)
    var bestSequential = Double.infinity
    for _ in 0..<max(1, repeats / 2) {
        let t0 = now()
        for n in 0..<frames {
            _ = try sequential.run(try Tensor(batch: 1, channels: batch.channels, height: height, width: width,
                                              values: Array(batch.values[(n * batch.frameCount)..<((n + 1) * batch.frameCount)])))
        }
        bestSequential = min(bestSequential, now() - t0)
    }
    let msSingle = bestSingle * 1e3, msBatch = bestBatch * 1e3 / Double(frames)
    let gflopsBatch = flopsPerFrame * Double(frames) / bestBatch / 1e9
    print("""
    \(name): \(String(format: "%.2f", flopsPerFrame / 1e9)) GFLOP/frame (conv)
      single frame:        \(String(format: "%6.2f", msSingle)) ms  (\(String(format: "%.1f", flopsPerFrame / bestSingle / 1e9)) GFLOP/s, \(String(format: "%.0f", 100 * flopsPerFrame / bestSingle / 1e9 / peakAll))% of \(workers)-thread peak)
      batched (\(frames) frames):  \(String(format: "%6.2f", msBatch)) ms/frame wall  (\(String(format: "%.1f", gflopsBatch)) GFLOP/s, \(String(format: "%.0f", 100 * gflopsBatch / peakAll))% of \(workers)-thread peak)
      batched, CPU time:   \(String(format: "%6.2f", bestBatchCPU * 1e3 / Double(frames))) CPU-ms/frame = \(String(format: "%.2f", bestBatchCPU * 1e3 / Double(frames) / Double(workers))) ms/frame on \(workers) dedicated cores
      conv layers:         \(String(format: "%.1f", convRatePerThread)) GFLOP/s per CPU-second = \(String(format: "%.0f", 100 * convRatePerThread / peak1))% of 1-thread SGEMM peak (CPU time)
      frames one at a time (bands over \(workers) threads): \(String(format: "%6.2f", bestSequential * 1e3 / Double(frames))) ms/frame
    """)
}

let only = arguments.firstIndex(of: "--only").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
if only == nil || only == "global" {
    try bench("GlobalNet 2×128², depth 4, C0 16", .globalNet(imageSize: [128, 128], depth: 4), height: 128, width: 128)
}
if only == nil || only == "local" {
    try bench("LocalNet 2×96², extract levels 0–4, C0 16", .localNet(extractLevels: [0, 1, 2, 3, 4]), height: 96, width: 96)
}
if only == "unet" {
    try bench("BasicUNet 1×128², features (32,32,64,128,256,32), 4 classes", .basicUNet(outChannels: 4), height: 128, width: 128)
}
if arguments.contains("--depth6") {
    try bench("GlobalNet 2×128², depth 6, C0 16", .globalNet(imageSize: [128, 128], depth: 6), height: 128, width: 128)
}
