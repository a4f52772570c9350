import MyoFlowCore

/// Affine stage by a GlobalNet (stages 1 and 2 of the deep method). Every pair of a call goes
/// through the network in one batch: moving = the native frame seen through `initial`, fixed =
/// the stage's fixed frame, both on the network's grid around the LV centre. The network's θ_net
/// (least-squares fit of its affine DDF, exact to rounding) is taken to the window
/// (`RegistrationGrid.windowAffine`) and composed: the estimate is `initial.followed(by: Δ)`.
///
/// `inverseConsistent` also registers each fixed frame to its moving frame (channels swapped)
/// and takes Δ as the mean of the forward Δ and the inverse of that backward estimate
/// (`InverseConsistentAffine`): a network's bias that flips sign with the input order (the
/// brighter myocardium of the enhancement frames pulls either way) cancels, at twice the cost.
///
/// `refineAboveMm`: a pair whose estimate moved the LV centre further than this goes through the
/// network once more, from that estimate. A one-shot GlobalNet undershoots motion near the edge of
/// what it was trained on; from a closer start the second pass recovers the rest.
public struct DeepAffineEstimator: AffineStageEstimator {
    public let network: RegistrationNetwork
    public let grid: RegistrationGrid
    public var inverseConsistent: Bool
    public var refineAboveMm: Double?

    /// `centre`: the LV centre in window pixels; `spacing`: the window's pixel spacing.
    public init(network: RegistrationNetwork, centre: PixelPosition, spacing: PixelSpacing, inverseConsistent: Bool = true,
                refineAboveMm: Double? = nil) {
        self.network = network
        grid = network.grid(centre: centre, spacing: spacing)
        self.inverseConsistent = inverseConsistent
        self.refineAboveMm = refineAboveMm
    }

    public func estimate(_ pairs: [AffinePair]) throws -> [AffineTransform2D] {
        let (estimates, deltas) = try onePass(pairs)
        guard let limit = refineAboveMm else { return estimates }
        let again = pairs.indices.filter { movementMm(of: deltas[$0]) > limit }
        guard !again.isEmpty else { return estimates }
        let refined = try onePass(again.map { AffinePair(fixed: pairs[$0].fixed, moving: pairs[$0].moving, initial: estimates[$0]) }).estimates
        var out = estimates
        for (i, estimate) in zip(again, refined) { out[i] = estimate }
        return out
    }

    /// One network pass: each pair's estimate and the window increment Δ it added to `initial`.
    private func onePass(_ pairs: [AffinePair]) throws -> (estimates: [AffineTransform2D], deltas: [AffineTransform2D]) {
        let forward = try network.predict(pairs, grid: grid).map(RegistrationGrid.affine(fittedTo:))
        let increments = inverseConsistent
            ? zip(forward, try network.predict(pairs, grid: grid, swapped: true)).map { InverseConsistentAffine.mean(forward: $0, backward: RegistrationGrid.affine(fittedTo: $1)) }
            : forward
        let deltas = increments.map(grid.windowAffine(fromGrid:))
        return (zip(pairs, deltas).map { pair, delta in pair.initial.followed(by: delta) }, deltas)
    }

    /// How far the window affine `delta` moves the LV centre (the grid centre), mm.
    func movementMm(of delta: AffineTransform2D) -> Double {
        let c = grid.centre
        let p = delta.samplePosition(row: c.row, column: c.column)
        let dr = (p.row - c.row) * grid.spacing.rowMm, dc = (p.column - c.column) * grid.spacing.columnMm
        return (dr * dr + dc * dc).squareRoot()
    }
}

/// Non-rigid stage by a LocalNet (stage 3 of the deep method): moving = the native frame seen
/// through `initial` (the stage-2 affine), fixed = the stage-3 PCA reference frame, on the
/// network's grid; the predicted DDF becomes the residual field on the window
/// (`RegistrationGrid.windowField`: scaled to window pixels, tapered to 0 within 10 mm outside
/// the grid), so the total is `initial.displacementField.followed(by: v)`. `gridPixelMm` runs the
/// network on a finer grid than it was trained on (`DeepMotionCorrection.stage3GridPixelMm`).
public struct DeepNonRigidEstimator: NonRigidStageEstimator {
    public let network: RegistrationNetwork
    public let grid: RegistrationGrid

    public init(network: RegistrationNetwork, centre: PixelPosition, spacing: PixelSpacing, gridPixelMm: Double? = nil) {
        self.network = network
        grid = network.grid(centre: centre, spacing: spacing, pixelMm: gridPixelMm)
    }

    public func estimate(_ pairs: [AffinePair]) throws -> [DisplacementField] {
        let ddfs = try network.predict(pairs, grid: grid)
        let grid = self.grid
        return try parallelMap(pairs.count) { k in grid.windowField(ddfs[k], rows: pairs[k].fixed.rows, columns: pairs[k].fixed.columns) }
    }
}
