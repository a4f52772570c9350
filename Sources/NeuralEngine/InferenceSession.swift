import Foundation
import Numerics

/// Batched inference over frames with reusable memory: one arena per worker, reset per frame, so
/// after the first frame of a given size no layer allocates. Frames are spread over `workers`
/// threads (DispatchQueue.concurrentPerform) with OpenBLAS single-threaded inside each; a single
/// frame spreads each convolution's im2col bands over `workers` threads instead.
///
/// Thread-safe: concurrent `run` calls are serialised.
public final class InferenceSession: @unchecked Sendable {
    public let network: NeuralNetwork
    public let workers: Int
    private let arenas: [Arena]
    private let lock = NSLock()
    /// Convolution FLOPs and (when `profiling`) seconds of the last `run`, summed over workers.
    public private(set) var lastConvolutionFlops: Double = 0
    public private(set) var lastConvolutionSeconds: Double = 0
    /// Heap allocations made by the layers during the last `run` (zero once the arenas have
    /// grown to the frame size's high-water mark).
    public private(set) var lastOverflowAllocations = 0
    /// Bytes held by the workers' arenas.
    public var workspaceBytes: Int { arenas.reduce(0) { $0 + $1.capacityBytes } }
    /// Times convolution layers (for benchmarks).
    public var profiling = false

    public init(network: NeuralNetwork, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.network = network
        self.workers = max(1, workers)
        arenas = (0..<max(1, workers)).map { _ in Arena() }
    }

    /// Runs the network on every frame of `x` (N×C×H×W, already normalised); returns N×C'×H'×W'.
    public func run(_ x: Tensor) throws -> Tensor {
        try network.body.validate(channels: x.channels, height: x.height, width: x.width)
        lock.lock()
        defer { lock.unlock() }
        let body = network.body
        arenas.forEach { $0.resetCounters(); $0.profiling = profiling }
        let shape = body.outputShape(height: x.height, width: x.width)
        let outFrame = shape.channels * shape.height * shape.width
        let previousThreads = BLAS.threadCount
        defer { BLAS.threadCount = previousThreads }
        let lanes = min(workers, x.batch)
        // Several frames: one frame per worker. One frame: conv bands spread over the workers.
        BLAS.threadCount = 1
        arenas[0].bandParallelism = lanes > 1 ? 1 : workers
        var out = [Float](repeating: 0, count: x.batch * outFrame)
        let arenas = self.arenas
        out.withUnsafeMutableBufferPointer { o in
            let sendable = UnsafeSendable(o.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                var n = lane
                while n < x.batch {
                    let y = Self.runFrame(body, x, n, arenas[lane])
                    // Each frame writes its own disjoint slice of the output.
                    (sendable.pointer + n * outFrame).update(from: y.data, count: outFrame)
                    n += lanes
                }
            }
        }
        lastConvolutionFlops = arenas.reduce(0) { $0 + $1.convolutionFlops }
        lastConvolutionSeconds = arenas.reduce(0) { $0 + $1.convolutionSeconds }
        lastOverflowAllocations = arenas.reduce(0) { $0 + $1.overflowAllocations }
        return try Tensor(batch: x.batch, channels: shape.channels, height: shape.height, width: shape.width, values: out)
    }

    private static func runFrame(_ body: any FrameNetwork, _ x: Tensor, _ n: Int, _ arena: Arena) -> FeatureMap {
        arena.reset()
        let input = FeatureMap(channels: x.channels, height: x.height, width: x.width, arena: arena)
        x.values.withUnsafeBufferPointer { src in
            input.data.update(from: src.baseAddress! + n * x.frameCount, count: x.frameCount)
        }
        return body.forward(input, arena: arena)
    }
}
