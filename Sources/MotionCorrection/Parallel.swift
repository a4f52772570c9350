import Dispatch

/// Result slots written concurrently, one per iteration index (so no lock is needed).
private final class Slots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Result<T, Error>?>
    init(_ count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }
    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
}

/// Runs `body` for 0..<count on all cores (DispatchQueue.concurrentPerform) and collects the
/// results in order. The first error thrown (lowest index) is rethrown after all work ends.
func parallelMap<T>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    guard count > 0 else { return [] }
    let slots = Slots<T>(count)
    withoutActuallyEscaping(body) { work in
        // Each iteration writes only its own slot.
        let run: @Sendable (Int) -> Void = { i in slots.buffer[i] = Result { try work(i) } }
        DispatchQueue.concurrentPerform(iterations: count, execute: run)
    }
    return try slots.buffer.map { try $0!.get() }
}
