import Foundation

/// A bump allocator for one worker's activations: `allocate` hands out slices of one block and
/// `reset` rewinds it, so a steady stream of frames of one size allocates nothing after the
/// first. A request that does not fit is served from a temporary block and the main block grows
/// to the high-water mark at the next `reset`. Memory is uninitialised.
///
/// Not thread-safe: one arena per worker. `@unchecked Sendable` only so a session can hand each
/// worker its own arena across `concurrentPerform`.
public final class Arena: @unchecked Sendable {
    private var base: UnsafeMutablePointer<Float>
    private var capacity: Int
    private var offset = 0
    private var highWater = 0
    private var overflow: [UnsafeMutablePointer<Float>] = []
    /// Floating-point operations counted by the convolution kernels since `resetCounters`.
    public internal(set) var convolutionFlops: Double = 0
    /// CPU seconds of the worker thread spent in convolution kernels (only when `profiling`;
    /// thread CPU time, so time the thread was descheduled on a shared machine is excluded).
    public internal(set) var convolutionSeconds: Double = 0
    /// Requests served outside the main block (heap allocations) since `resetCounters`; zero in
    /// steady state.
    public internal(set) var overflowAllocations = 0
    /// Threads a convolution may spread its im2col bands over (1: the calling thread only).
    public var bandParallelism = 1
    /// Times convolutions when true (a clock read per layer).
    public var profiling = false

    /// An arena with an initial capacity in floats (grows on demand).
    public init(capacity: Int = 1 << 16) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
        overflow.forEach { $0.deallocate() }
    }

    /// Bytes held by the main block.
    public var capacityBytes: Int { capacity * MemoryLayout<Float>.stride }

    /// `count` floats, 64-byte aligned within the block.
    func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let n = (count + 15) & ~15
        defer { offset += n; highWater = max(highWater, offset) }
        if offset + n <= capacity { return base + offset }
        let p = UnsafeMutablePointer<Float>.allocate(capacity: max(n, 16))
        overflow.append(p)
        overflowAllocations += 1
        return p
    }

    /// The current position, for releasing scratch space with `release(to:)`.
    var mark: Int { offset }

    /// Frees everything allocated after `mark` (scratch such as im2col buffers).
    func release(to mark: Int) { offset = mark }

    /// Rewinds to empty; grows the block when the last pass overflowed.
    public func reset() {
        overflow.forEach { $0.deallocate() }
        overflow.removeAll(keepingCapacity: true)
        if highWater > capacity {
            base.deallocate()
            capacity = highWater
            base = .allocate(capacity: capacity)
        }
        offset = 0
    }

    public func resetCounters() {
        convolutionFlops = 0
        convolutionSeconds = 0
        overflowAllocations = 0
    }

    func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// One frame's C×H×W activations in arena memory (internal to the hot path).
/// `@unchecked Sendable`: a view handed to band workers that read it or write disjoint rows.
struct FeatureMap: @unchecked Sendable {
    var data: UnsafeMutablePointer<Float>
    var channels: Int
    var height: Int
    var width: Int
    var plane: Int { height * width }
    var count: Int { channels * height * width }

    /// Allocates an uninitialised map in `arena`.
    init(channels: Int, height: Int, width: Int, arena: Arena) {
        self.channels = channels
        self.height = height
        self.width = width
        data = arena.allocate(channels * height * width)
    }

    init(data: UnsafeMutablePointer<Float>, channels: Int, height: Int, width: Int) {
        self.data = data
        self.channels = channels
        self.height = height
        self.width = width
    }
}

extension Tensor {
    /// Runs `body` on each frame of `self` copied into arena memory, and gathers the outputs
    /// (which must share one shape) into a tensor. Used by the public single-op API.
    func mapFrames(_ body: (FeatureMap, Arena) throws -> FeatureMap) rethrows -> Tensor {
        let arena = Arena(capacity: frameCount * 4)
        var out: [Float] = []
        var outShape = (c: 0, h: 0, w: 0)
        for n in 0..<batch {
            arena.reset()
            let input = FeatureMap(channels: channels, height: height, width: width, arena: arena)
            values.withUnsafeBufferPointer { src in
                input.data.update(from: src.baseAddress! + n * frameCount, count: frameCount)
            }
            let y = try body(input, arena)
            outShape = (y.channels, y.height, y.width)
            out.append(contentsOf: UnsafeBufferPointer(start: y.data, count: y.count))
        }
        return try! Tensor(batch: batch, channels: outShape.c, height: outShape.h, width: outShape.w, values: out)
    }
}
