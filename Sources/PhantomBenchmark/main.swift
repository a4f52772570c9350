// Benchmark: time to synthesise a 4-series, ~60-dynamic study (release build).
// Usage: swift run -c release PhantomBenchmark [--preview PATH]
import Foundation
import Phantom

let args = CommandLine.arguments
let runs = 5
let studyNames = args.contains("--training-set") ? [] : ["static", "stress-lad", "hard"]
for name in studyNames {
    let spec = try PhantomCase.named(name).spec(seed: 1)
    var times: [Double] = []
    var frames = 0
    for _ in 0..<runs {
        let t0 = Date()
        let s = try StudySynthesizer.synthesize(spec)
        times.append(Date().timeIntervalSince(t0))
        frames = s.study.slices[0].frames
    }
    times.sort()
    print(String(format: "%-12@ %d series × %d frames: median %.3f s, min %.3f s (%d runs)", name as NSString, 4, frames, times[runs / 2], times[0], runs))
}
if args.contains("--variants") {
    func time(_ label: String, _ spec: PhantomSpec) throws {
        var best = Double.infinity
        for _ in 0..<3 { let t0 = Date(); _ = try StudySynthesizer.synthesize(spec); best = min(best, Date().timeIntervalSince(t0)) }
        print(String(format: "  %-40@ min %.3f s", label as NSString, best))
    }
    var s = PhantomCase.stressLAD.spec(seed: 1)
    try time("stress-lad", s)
    s.pointSpreadSigmaPixels = 0; try time("stress-lad, no PSF", s)
    s.motion = .none; try time("stress-lad, no PSF, no motion", s)
    s.contrastToNoise = 0; try time("stress-lad, no PSF, no motion, no noise", s)
}
if let i = args.firstIndex(of: "--preview"), i + 1 < args.count {
    let s = try StudySynthesizer.synthesize(PhantomCase.stressLAD.spec(seed: 1))
    try PreviewMontage.write(s, to: args[i + 1])
    print("preview written to \(args[i + 1])")
}

// Training-set records: single-thread generation time per record.
if !args.contains("--training-set") {
    let n = 20
    let t0 = Date()
    for i in 0..<n { _ = TrainingSet.record(index: i, seed: 7, size: 128) }
    print(String(format: "training record 128×128: %.1f ms each (single thread, %d records)", Date().timeIntervalSince(t0) / Double(n) * 1000, n))
}

// Streaming a training set: wall time and peak resident memory.
if let i = args.firstIndex(of: "--training-set"), i + 2 < args.count, let n = Int(args[i + 1]) {
    let t0 = Date()
    try TrainingSet.write(count: n, to: args[i + 2], seed: 1, size: 128)
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)  // Glibc spelling
    let size = (try? FileManager.default.attributesOfItem(atPath: args[i + 2])[.size] as? Int) ?? 0
    print(String(format: "training set: %d pairs 128×128 in %.1f s (%.2f ms/pair), file %.0f MB, peak RSS %.0f MB",
                 n, Date().timeIntervalSince(t0), Date().timeIntervalSince(t0) / Double(n) * 1000, Double(size) / 1e6, Double(usage.ru_maxrss) / 1024))
}
