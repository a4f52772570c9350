// Benchmark: time to synthesise a 4-series, ~60-dynamic study (release build).
// Usage: swift run -c release PhantomBenchmark [--preview PATH]
import Foundation
import Phantom

let args = CommandLine.arguments
let runs = 5
for name in ["static", "stress-lad", "hard"] {
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
if let i = args.firstIndex(of: "--preview"), i + 1 < args.count {
    let s = try StudySynthesizer.synthesize(PhantomCase.stressLAD.spec(seed: 1))
    try PreviewMontage.write(s, to: args[i + 1])
    print("preview written to \(args[i + 1])")
}
