import Foundation
import MyoFlowCore

/// Times the stages of a run: each stage's wall time goes to the progress sink (the CLI prints a
/// timing line) and into the result's `timings`, in run order.
final class StageClock: @unchecked Sendable {
    private(set) var timings: [(stage: String, seconds: Double)] = []
    private let progress: any ProgressSink

    init(progress: any ProgressSink) { self.progress = progress }

    func run<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        timings.append((stage, seconds))
        progress.finish(stage: stage, seconds: seconds)
        return value
    }
}
