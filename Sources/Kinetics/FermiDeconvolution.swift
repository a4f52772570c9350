import AIF
import Dispatch
import Foundation
import Numerics

/// Entry points for curve fits: one curve, or many curves sharing their times (parallel).
public enum FermiDeconvolution {
    /// Fits one tissue curve. Never throws: a bad AIF or curve gives a flagged result.
    /// - Parameters:
    ///   - tissueGd: tissue [Gd], mmol/L (baseline-subtracted), at `tissueTimesSeconds`.
    ///   - aif: the AIF in blood (or plasma) Gd at its own acquisition times.
    public static func fit(tissueGd: [Double], tissueTimesSeconds: [Double], aif: AIFCurve,
                           options: FermiFitOptions = FermiFitOptions()) -> FermiFitResult {
        fit(curves: [tissueGd], tissueTimesSeconds: tissueTimesSeconds, aif: aif, options: options)[0]
    }

    /// Fits many tissue curves sampled at the same times, in parallel across cores (one fitter per
    /// worker, OpenBLAS single-threaded). Results are in input order.
    public static func fit(curves: [[Double]], tissueTimesSeconds: [Double], aif: AIFCurve,
                           options: FermiFitOptions = FermiFitOptions()) -> [FermiFitResult] {
        let prepared: PreparedAIF
        do {
            prepared = try PreparedAIF(aif: aif, tissueTimesSeconds: tissueTimesSeconds, options: options)
        } catch let KineticsError.curve(failure) {
            return curves.map { _ in .failed(failure) }
        } catch {
            return curves.map { _ in .failed(.invalidInput("\(error)")) }
        }
        return parallelMap(count: curves.count, prepared: prepared, options: options) { fitter, i in
            fitter.fit(tissueGd: curves[i])
        }
    }

    /// Runs `body` for 0..<count across cores with one `FermiFitter` per worker chunk.
    static func parallelMap(count: Int, prepared: PreparedAIF, options: FermiFitOptions,
                            _ body: @Sendable (FermiFitter, Int) -> FermiFitResult) -> [FermiFitResult] {
        guard count > 0 else { return [] }
        let previousThreads = BLAS.threadCount
        BLAS.threadCount = 1
        defer { BLAS.threadCount = previousThreads }
        let workers = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let results = UnsafeMutableBufferPointer<FermiFitResult>.allocate(capacity: count)
        defer { results.deallocate() }
        let shared = UncheckedSendable(results)
        // Each worker writes a disjoint slice of `results`; the buffer is initialised in place.
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let fitter = FermiFitter(prepared: prepared, options: options)
            var i = w
            while i < count {
                (shared.value.baseAddress! + i).initialize(to: body(fitter, i))
                i += workers
            }
        }
        let out = Array(results)
        _ = results.baseAddress!.deinitialize(count: count)
        return out
    }
}

/// Wraps a value that is shared across workers under an external discipline (disjoint writes),
/// which the compiler cannot check.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
