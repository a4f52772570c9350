@preconcurrency import CGSL

/// GSL's default error handler aborts the process; every GSL caller returns status codes instead.
/// A lazily initialised global runs exactly once, thread-safely (swift_once).
private let gslErrorHandlerDisabled: Void = { _ = gsl_set_error_handler_off() }()

/// Why a nonlinear least-squares solve stopped.
public enum NonlinearLeastSquaresStatus: Sendable, Equatable, CustomStringConvertible {
    /// The step (xtol) or gradient (gtol) test passed.
    case converged
    /// `maxIterations` were spent without passing a convergence test.
    case maxIterations
    /// The trust region could not find a step that lowers the cost (often: already at the
    /// minimum of an exactly-fitting model, or a flat/degenerate problem).
    case noProgress
    /// The residual or Jacobian closure returned false (non-finite model values).
    case evaluationFailed
    /// The input was rejected before solving (wrong parameter count, non-finite start).
    case invalidInput(String)
    /// Any other GSL status code (gsl_errno.h).
    case gslError(Int32)

    public var description: String {
        switch self {
        case .converged: return "converged"
        case .maxIterations: return "iteration limit reached"
        case .noProgress: return "no further progress"
        case .evaluationFailed: return "model evaluation failed (non-finite values)"
        case let .invalidInput(why): return "invalid input: \(why)"
        case let .gslError(code): return "GSL error \(code)"
        }
    }
}

/// The outcome of one solve.
public struct NonlinearLeastSquaresResult: Sendable, Equatable {
    /// Parameters at the end of the solve (the start when the solve failed immediately).
    public var parameters: [Double]
    /// Trust-region iterations taken.
    public var iterations: Int
    public var status: NonlinearLeastSquaresStatus
    /// Σ fᵢ² at `parameters` (GSL's χ²; half of it is the cost GSL minimises).
    public var sumOfSquares: Double

    /// True when a convergence test passed.
    public var converged: Bool { status == .converged }
}

/// Dense nonlinear least squares, min Σ fᵢ(x)², with GSL `gsl_multifit_nlinear` (trust-region
/// Levenberg–Marquardt, Moré scaling).
///
/// The solver owns its GSL workspace for a fixed problem size (n residuals, p parameters) so that
/// many small fits (one per pixel) reuse it without allocating. It is not thread-safe: create one
/// per worker thread. Bounds are not handled here; the caller reparametrises (see Kinetics).
///
/// Closures receive raw buffers because they run in the innermost loop: the residual closure
/// fills `f` (n values) from `x` (p values); the optional Jacobian closure fills `J`, row-major
/// n×p (`J[i*p + j] = ∂fᵢ/∂xⱼ`). Either returns false when the model cannot be evaluated. Without
/// a Jacobian closure GSL uses forward finite differences.
public final class NonlinearLeastSquaresSolver {
    public typealias Residuals = (_ x: UnsafeBufferPointer<Double>, _ f: UnsafeMutableBufferPointer<Double>) -> Bool
    public typealias Jacobian = (_ x: UnsafeBufferPointer<Double>, _ jacobian: UnsafeMutableBufferPointer<Double>) -> Bool

    /// Number of residuals n.
    public let residualCount: Int
    /// Number of parameters p (p ≤ n).
    public let parameterCount: Int
    /// Iteration limit per solve.
    public var maxIterations: Int
    /// Relative step tolerance (GSL xtol): stop when |δx| ≤ xtol(|x| + xtol).
    public var stepTolerance: Double
    /// Gradient tolerance (GSL gtol).
    public var gradientTolerance: Double
    /// Cost-change tolerance (GSL ftol).
    public var costTolerance: Double

    /// Closures of the solve in progress, reached from the C callbacks through `fdf.params`.
    private final class Callbacks {
        var residuals: Residuals?
        var jacobian: Jacobian?
        let n: Int
        let p: Int
        init(n: Int, p: Int) { self.n = n; self.p = p }
    }

    private let workspace: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>
    private let start: UnsafeMutablePointer<gsl_vector>
    // The fdf struct must stay at a fixed address: GSL keeps a pointer to it between init and
    // the driver's iterations.
    private let fdf: UnsafeMutablePointer<gsl_multifit_nlinear_fdf>
    private let callbacks: Callbacks

    public enum Linear: Sendable { case qr, cholesky }

    /// Allocates the workspace for `residualCount` residuals and `parameterCount` parameters.
    /// `linearSolver` .qr is robust for ill-conditioned Jacobians; .cholesky is faster for small p.
    public init(residualCount: Int, parameterCount: Int, maxIterations: Int = 100,
                stepTolerance: Double = 1e-8, gradientTolerance: Double = 1e-10, costTolerance: Double = 1e-12,
                linearSolver: Linear = .qr) {
        precondition(parameterCount > 0 && residualCount >= parameterCount,
                     "NonlinearLeastSquaresSolver needs 0 < p ≤ n, got n = \(residualCount), p = \(parameterCount)")
        _ = gslErrorHandlerDisabled
        self.residualCount = residualCount
        self.parameterCount = parameterCount
        self.maxIterations = maxIterations
        self.stepTolerance = stepTolerance
        self.gradientTolerance = gradientTolerance
        self.costTolerance = costTolerance
        var params = gsl_multifit_nlinear_default_parameters()
        params.trs = gsl_multifit_nlinear_trs_lm
        params.scale = gsl_multifit_nlinear_scale_more
        params.solver = linearSolver == .qr ? gsl_multifit_nlinear_solver_qr : gsl_multifit_nlinear_solver_cholesky
        guard let w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, residualCount, parameterCount),
              let x = gsl_vector_alloc(parameterCount) else {
            fatalError("GSL could not allocate a \(residualCount)×\(parameterCount) least-squares workspace (out of memory)")
        }
        workspace = w
        start = x
        callbacks = Callbacks(n: residualCount, p: parameterCount)
        fdf = .allocate(capacity: 1)
        fdf.initialize(to: gsl_multifit_nlinear_fdf())
        fdf.pointee.n = residualCount
        fdf.pointee.p = parameterCount
        fdf.pointee.params = Unmanaged.passUnretained(callbacks).toOpaque()
        fdf.pointee.fvv = nil
        fdf.pointee.f = { x, params, f in
            guard let x, let f, let params else { return Int32(GSL_EINVAL) }
            let box = Unmanaged<Callbacks>.fromOpaque(params).takeUnretainedValue()
            // Workspace vectors are allocated contiguous (stride 1), so data is a plain array.
            let xs = UnsafeBufferPointer(start: x.pointee.data, count: box.p)
            let fs = UnsafeMutableBufferPointer(start: f.pointee.data, count: box.n)
            return box.residuals!(xs, fs) ? Int32(GSL_SUCCESS) : Int32(GSL_EDOM)
        }
        fdf.pointee.df = { x, params, jm in
            guard let x, let jm, let params else { return Int32(GSL_EINVAL) }
            let box = Unmanaged<Callbacks>.fromOpaque(params).takeUnretainedValue()
            // gsl_matrix_alloc(n, p) gives tda == p: the Jacobian is contiguous row-major.
            precondition(jm.pointee.tda == box.p, "unexpected GSL Jacobian layout")
            let xs = UnsafeBufferPointer(start: x.pointee.data, count: box.p)
            let js = UnsafeMutableBufferPointer(start: jm.pointee.data, count: box.n * box.p)
            return box.jacobian!(xs, js) ? Int32(GSL_SUCCESS) : Int32(GSL_EDOM)
        }
        fdScratch = .allocate(capacity: residualCount * 2 + parameterCount)
    }

    /// Scratch for finite differences: f(x), f(x + h·eⱼ) and the perturbed x.
    private let fdScratch: UnsafeMutablePointer<Double>

    /// Forward differences of `residuals`, step √ε·max(|xⱼ|, 1).
    private func forwardDifferenceJacobian(_ residuals: @escaping Residuals) -> Jacobian {
        let n = residualCount, p = parameterCount, scratch = fdScratch
        return { x, jac in
            let f0 = UnsafeMutableBufferPointer(start: scratch, count: n)
            let f1 = UnsafeMutableBufferPointer(start: scratch + n, count: n)
            let xp = UnsafeMutableBufferPointer(start: scratch + 2 * n, count: p)
            for j in 0..<p { xp[j] = x[j] }
            guard residuals(x, f0) else { return false }
            for j in 0..<p {
                let h = Double.ulpOfOne.squareRoot() * max(abs(x[j]), 1)
                xp[j] = x[j] + h
                guard residuals(UnsafeBufferPointer(xp), f1) else { return false }
                xp[j] = x[j]
                for i in 0..<n { jac[i * p + j] = (f1[i] - f0[i]) / h }
            }
            return true
        }
    }

    deinit {
        gsl_multifit_nlinear_free(workspace)
        gsl_vector_free(start)
        fdf.deinitialize(count: 1)
        fdf.deallocate()
        fdScratch.deallocate()
    }

    /// Minimises Σ fᵢ(x)² from `initial`. Never traps on bad data: non-finite starts and
    /// failed evaluations come back as a non-converged status.
    public func solve(initial: [Double], residuals: Residuals, jacobian: Jacobian? = nil) -> NonlinearLeastSquaresResult {
        let p = parameterCount
        guard initial.count == p else {
            return NonlinearLeastSquaresResult(parameters: initial, iterations: 0,
                                               status: .invalidInput("expected \(p) parameters, got \(initial.count)"), sumOfSquares: .nan)
        }
        guard initial.allSatisfy(\.isFinite) else {
            return NonlinearLeastSquaresResult(parameters: initial, iterations: 0,
                                               status: .invalidInput("non-finite initial parameters \(initial)"), sumOfSquares: .nan)
        }
        return withoutActuallyEscaping(residuals) { residuals in
            callbacks.residuals = residuals
            callbacks.jacobian = jacobian
            defer { callbacks.residuals = nil; callbacks.jacobian = nil }
            // Without an analytic Jacobian we difference the residual closure ourselves rather than
            // leave df NULL: GSL's internal finite differences stalled after one tiny step when
            // driven through this wrapper (observed with GSL 2.7; its C driver alone was fine).
            callbacks.jacobian = jacobian ?? forwardDifferenceJacobian(residuals)
            for j in 0..<p { start.pointee.data[j] = initial[j] }
            let initStatus = gsl_multifit_nlinear_init(start, fdf, workspace)
            guard initStatus == Int32(GSL_SUCCESS) else {
                return NonlinearLeastSquaresResult(parameters: initial, iterations: 0,
                                                   status: Self.status(initStatus), sumOfSquares: .nan)
            }
            var info: Int32 = 0
            let code = gsl_multifit_nlinear_driver(maxIterations, stepTolerance, gradientTolerance, costTolerance,
                                                   nil, nil, &info, workspace)
            let xOut = gsl_multifit_nlinear_position(workspace)!
            let fOut = gsl_multifit_nlinear_residual(workspace)!
            var parameters = [Double](repeating: 0, count: p)
            for j in 0..<p { parameters[j] = xOut.pointee.data[j * xOut.pointee.stride] }
            var ss = 0.0
            for i in 0..<residualCount {
                let v = fOut.pointee.data[i * fOut.pointee.stride]
                ss += v * v
            }
            return NonlinearLeastSquaresResult(parameters: parameters, iterations: Int(gsl_multifit_nlinear_niter(workspace)),
                                               status: Self.status(code), sumOfSquares: ss)
        }
    }

    private static func status(_ code: Int32) -> NonlinearLeastSquaresStatus {
        switch code {
        case Int32(GSL_SUCCESS): return .converged
        case Int32(GSL_EMAXITER): return .maxIterations
        case Int32(GSL_ENOPROG), Int32(GSL_ENOPROGJ): return .noProgress
        case Int32(GSL_EDOM): return .evaluationFailed
        default: return .gslError(code)
        }
    }
}
