import MotionCorrection
import MyoFlowCore
import NeuralEngine
import XCTest

/// Networks whose output is known exactly, whatever the weights of the trained models: every
/// convolution and linear weight is zero, so every feature map is the constant its BatchNorm
/// shift gives and the output does not depend on the input. A GlobalNet then predicts its fc
/// bias θ_net; a LocalNet whose output convolutions keep only their centre tap predicts a
/// spatially constant DDF. The estimators must turn these into the window transforms
/// x ↦ G(θ_net(G⁻¹x)) and v = S·v_net·taper, composed with `initial`.
final class DeepEstimatorsTests: XCTestCase {
    static func constantNetwork(_ config: ModelConfig, normalisation: InputNormalisation = InputNormalisation(method: .minmaxHistogramEqualisation),
                                edit: (String, [Int], inout [Float]) -> Void) throws -> NeuralNetwork {
        let probe = ParameterStore.random(seed: 3)
        _ = try NeuralNetwork(config: config, parameters: probe)  // fills `probe` with every key the architecture takes
        var entries: [String: ParameterStore.Entry] = [:]
        for (key, entry) in probe.entries {
            let count = entry.values.count
            var values: [Float]
            if key.hasSuffix("running_var") || (entry.shape.count == 1 && key.hasSuffix("weight")) {
                values = Array(repeating: 1, count: count)
            } else if entry.shape.count == 1 && !key.hasSuffix("running_mean") {
                values = Array(repeating: 0.5, count: count)  // BatchNorm shifts: constant positive features
            } else {
                values = Array(repeating: 0, count: count)
            }
            edit(key, entry.shape, &values)
            entries[key] = ParameterStore.Entry(shape: entry.shape, values: values)
        }
        return try NeuralNetwork(config: config, parameters: ParameterStore(source: "constant test network", entries: entries),
                                 inputNormalisation: normalisation)
    }

    static func constantGlobalNet(theta: [Double], size: Int = 32, normalisation: InputNormalisation = InputNormalisation(method: .minmaxHistogramEqualisation)) throws -> NeuralNetwork {
        try constantNetwork(.globalNet(imageSize: [size, size], depth: 2, numChannelInitial: 4), normalisation: normalisation) { key, _, values in
            if key == "output_block.fc.bias" { values = theta.map(Float.init) }
        }
    }

    static func constantLocalNet() throws -> NeuralNetwork {
        try constantNetwork(.localNet(extractLevels: [0, 1, 2], numChannelInitial: 4)) { key, shape, values in
            guard key.hasPrefix("output_block."), shape.count == 4 else { return }
            let channels = shape[1]
            for o in 0..<shape[0] {
                for c in 0..<channels { values[((o * channels + c) * 3 + 1) * 3 + 1] = (o == 0 ? 0.3 : -0.2) / Float(channels) }
            }
        }
    }

    private func image(rows: Int, columns: Int, seed: UInt64) -> Image2D {
        var rng = SplitMix64(seed: seed)
        return try! Image2D(rows: rows, columns: columns, pixels: (0..<(rows * columns)).map { _ in Float(rng.uniform(0, 1)) })
    }

    func testAffineEstimatorReturnsInitialFollowedByTheWindowIncrement() throws {
        // Grid 32² of 3 mm; window 60 × 50 of 2.0 × 1.5 mm; LV centre off the window centre.
        let netTheta = AffineTransform2D.about(centre: (15.5, 15.5), rotation: 0.1, scale: 1.04, translation: (1.5, -2))
        let network = try RegistrationNetwork(network: Self.constantGlobalNet(theta: netTheta.theta), gridPixelMm: 3, gridSize: 32, name: "constant GlobalNet")
        let centre = PixelPosition(row: 25.3, column: 20.1)
        let estimator = DeepAffineEstimator(network: network, centre: centre, spacing: PixelSpacing(rowMm: 2, columnMm: 1.5), inverseConsistent: false)
        let initials = [AffineTransform2D.identity, .about(centre: (30, 25), rotation: -0.05, translation: (2, 1)),
                        AffineTransform2D(theta: [1.02, 0.01, -1, -0.03, 0.98, 0.5])]
        let pairs = initials.enumerated().map { k, a in
            AffinePair(fixed: image(rows: 60, columns: 50, seed: UInt64(10 + k)), moving: image(rows: 60, columns: 50, seed: UInt64(20 + k)), initial: a)
        }
        let estimates = try estimator.estimate(pairs)
        XCTAssertEqual(estimates.count, 3)
        // Window increment by hand: y = (x − c)/s + 15.5, θ_net(y), back x' = c + (y' − 15.5)·s, s = (1.5, 2).
        func increment(_ r: Double, _ c: Double) -> (Double, Double) {
            let y = netTheta.samplePosition(row: (r - centre.row) / 1.5 + 15.5, column: (c - centre.column) / 2 + 15.5)
            return (centre.row + (y.row - 15.5) * 1.5, centre.column + (y.column - 15.5) * 2)
        }
        for (a, estimate) in zip(initials, estimates) {
            for (r, c) in [(0.0, 0.0), (25.3, 20.1), (59, 10), (33, 49)] {
                let d = increment(r, c)
                let expected = a.samplePosition(row: d.0, column: d.1)
                let got = estimate.samplePosition(row: r, column: c)
                XCTAssertEqual(got.row, expected.row, accuracy: 1e-4, "(\(r), \(c))")
                XCTAssertEqual(got.column, expected.column, accuracy: 1e-4, "(\(r), \(c))")
            }
        }
    }

    func testAffineEstimatorScalesAGridTranslationToWindowPixels() throws {
        let network = try RegistrationNetwork(network: Self.constantGlobalNet(theta: [1, 0, 2, 0, 1, -1]), gridPixelMm: 3, gridSize: 32, name: "constant GlobalNet")
        let estimator = DeepAffineEstimator(network: network, centre: PixelPosition(row: 30, column: 20), spacing: PixelSpacing(rowMm: 2, columnMm: 1.5), inverseConsistent: false)
        let pair = AffinePair(fixed: image(rows: 60, columns: 50, seed: 1), moving: image(rows: 60, columns: 50, seed: 2))
        let theta = try estimator.estimate([pair])[0].theta
        // 2 grid pixels of 3 mm = 3 window rows of 2 mm; −1 grid pixel = −2 window columns of 1.5 mm.
        for (got, expected) in zip(theta, [1.0, 0, 3, 0, 1, -2]) { XCTAssertEqual(got, expected, accuracy: 1e-5) }
        XCTAssertEqual(try estimator.estimate([]).count, 0)
    }

    func testInverseConsistentEstimateCancelsAnOrderIndependentPrediction() throws {
        // A network that answers θ_net whichever frame comes first is right one way at most: both
        // ways, the estimate is the window map of ½(θ_net + θ_net⁻¹) after `initial`, and a pure
        // translation cancels to `initial` itself.
        let spacing = PixelSpacing(rowMm: 2, columnMm: 1.5), centre = PixelPosition(row: 30, column: 20)
        let initial = AffineTransform2D.about(centre: (30, 25), rotation: -0.05, translation: (2, 1))
        let pair = AffinePair(fixed: image(rows: 60, columns: 50, seed: 3), moving: image(rows: 60, columns: 50, seed: 4), initial: initial)
        let shift = try RegistrationNetwork(network: Self.constantGlobalNet(theta: [1, 0, 2, 0, 1, -1]), gridPixelMm: 3, gridSize: 32, name: "constant GlobalNet")
        let cancelled = try DeepAffineEstimator(network: shift, centre: centre, spacing: spacing).estimate([pair])[0]
        for (got, expected) in zip(cancelled.theta, initial.theta) { XCTAssertEqual(got, expected, accuracy: 1e-5) }

        let netTheta = AffineTransform2D.about(centre: (15.5, 15.5), rotation: 0.1, scale: 1.04, translation: (1.5, -2))
        let turn = try RegistrationNetwork(network: Self.constantGlobalNet(theta: netTheta.theta), gridPixelMm: 3, gridSize: 32, name: "constant GlobalNet")
        let estimator = DeepAffineEstimator(network: turn, centre: centre, spacing: spacing)
        XCTAssertTrue(estimator.inverseConsistent, "the default")
        let got = try estimator.estimate([pair])[0]
        let inverse = try XCTUnwrap(netTheta.inverse)
        let mean = AffineTransform2D(theta: zip(netTheta.theta, inverse.theta).map { ($0 + $1) / 2 })
        let expected = initial.followed(by: estimator.grid.windowAffine(fromGrid: mean))
        for (g, e) in zip(got.theta, expected.theta) { XCTAssertEqual(g, e, accuracy: 1e-4) }
    }

    func testNonRigidEstimatorScalesAndTapersTheGridField() throws {
        let net = try Self.constantLocalNet()
        // The output is the same constant for any input.
        var rng = SplitMix64(seed: 5)
        let x = try Tensor(batch: 2, channels: 2, height: 32, width: 32, values: (0..<(2 * 2 * 32 * 32)).map { _ in Float(rng.uniform(0, 1)) })
        let y = try net(x)
        let a = y.values[0], b = y.values[32 * 32]
        XCTAssertGreaterThan(abs(a), 0.01)
        XCTAssertGreaterThan(abs(b), 0.01)
        for n in 0..<2 { for i in 0..<(32 * 32) {
            XCTAssertEqual(y[n, 0, i / 32, i % 32], a, accuracy: 1e-6)
            XCTAssertEqual(y[n, 1, i / 32, i % 32], b, accuracy: 1e-6)
        } }

        // Grid 32² of q mm on a 1.5 mm window: s = q / 1.5 window pixels per grid pixel, the grid spans
        // centre ± 15.5 s. Trained at 3 mm (s = 2, ± 31); run at 2 mm it covers a smaller square.
        let network = try RegistrationNetwork(network: net, gridPixelMm: 3, gridSize: 32, name: "constant LocalNet")
        let centre = PixelPosition(row: 30.25, column: 40.75)
        for override in [nil, 2.0] {
            let estimator = DeepNonRigidEstimator(network: network, centre: centre, spacing: PixelSpacing(isotropicMm: 1.5), gridPixelMm: override)
            let q = override ?? 3, scale = (override ?? 3) / 1.5, half = 15.5 * (override ?? 3) / 1.5
            XCTAssertEqual(estimator.grid.pixelMm, q)
            let initial = AffineTransform2D.about(centre: (40, 35), rotation: 0.03, translation: (1, -1))
            let fields = try estimator.estimate([AffinePair(fixed: image(rows: 80, columns: 70, seed: 7), moving: image(rows: 80, columns: 70, seed: 8), initial: initial)])
            XCTAssertEqual(fields.count, 1)
            let v = fields[0]
            XCTAssertEqual([v.rows, v.columns], [80, 70])
            var tapered = 0
            for r in 0..<80 {
                for c in 0..<70 {
                    let dr = max(0, abs(Double(r) - centre.row) - half) * 1.5, dc = max(0, abs(Double(c) - centre.column) - half) * 1.5
                    let w = max(0, 1 - (dr * dr + dc * dc).squareRoot() / 10)
                    if w > 0 && w < 1 { tapered += 1 }
                    XCTAssertEqual(Double(v.rowDisplacement[r * 70 + c]), w * scale * Double(a), accuracy: 1e-5, "grid \(q) mm (\(r), \(c))")
                    XCTAssertEqual(Double(v.columnDisplacement[r * 70 + c]), w * scale * Double(b), accuracy: 1e-5, "grid \(q) mm (\(r), \(c))")
                }
            }
            XCTAssertGreaterThan(tapered, 100, "the window reaches into the taper band")
            XCTAssertEqual(v.rowDisplacement[79 * 70], 0, "beyond the taper the residual is zero")
        }
    }

    func testNetworkInputIsMovingThroughInitialThenFixedOnTheGrid() throws {
        // Without normalisation the input planes are the resampled ramps themselves.
        let network = try RegistrationNetwork(network: Self.constantGlobalNet(theta: [1, 0, 0, 0, 1, 0], normalisation: .none),
                                              gridPixelMm: 3, gridSize: 32, name: "constant GlobalNet")
        func ramp(_ a: Double, _ b: Double) -> Image2D {
            var image = Image2D(rows: 60, columns: 50)
            for r in 0..<60 { for c in 0..<50 { image.pixels[r * 50 + c] = Float(a * Double(r) + b * Double(c)) } }
            return image
        }
        let grid = network.grid(centre: PixelPosition(row: 28, column: 22.5), spacing: PixelSpacing(rowMm: 2, columnMm: 1.5))
        let initial = AffineTransform2D.about(centre: (30, 25), rotation: 0.04, translation: (1.5, -0.5))
        let x = try network.inputs([AffinePair(fixed: ramp(-0.5, 1), moving: ramp(1, 0.25), initial: initial)], grid: grid)
        XCTAssertEqual(x.shape, [1, 2, 32, 32])
        for i in 0..<32 {
            for j in 0..<32 {
                let g = grid.toWindow.samplePosition(row: Double(i), column: Double(j))
                let m = initial.samplePosition(row: g.row, column: g.column)
                let (mr, mc) = (min(max(m.row, 0), 59), min(max(m.column, 0), 49))
                let (fr, fc) = (min(max(g.row, 0), 59), min(max(g.column, 0), 49))
                XCTAssertEqual(Double(x[0, 0, i, j]), mr + 0.25 * mc, accuracy: 1e-4, "moving (\(i), \(j))")
                XCTAssertEqual(Double(x[0, 1, i, j]), -0.5 * fr + fc, accuracy: 1e-4, "fixed (\(i), \(j))")
            }
        }
        // With the model's normalisation each plane is normalised after resampling.
        let equalised = try RegistrationNetwork(network: Self.constantGlobalNet(theta: [1, 0, 0, 0, 1, 0]), gridPixelMm: 3, gridSize: 32, name: "constant GlobalNet")
        let y = try equalised.inputs([AffinePair(fixed: ramp(-0.5, 1), moving: ramp(1, 0.25), initial: initial)], grid: grid)
        XCTAssertEqual(y, InputNormalisation(method: .minmaxHistogramEqualisation).apply(x))
    }

    func testNetworksThatCannotRunOnTheGridAreRejected() throws {
        XCTAssertThrowsError(try RegistrationNetwork(network: Self.constantGlobalNet(theta: [1, 0, 0, 0, 1, 0]), gridPixelMm: 1.5, gridSize: 64, name: "small.h5")) { error in
            XCTAssertTrue("\(error)".contains("small.h5") && "\(error)".contains("image_size"), "\(error)")
        }
        XCTAssertThrowsError(try RegistrationNetwork(network: Self.constantLocalNet(), gridPixelMm: 1.5, gridSize: 30, name: "odd.h5")) { error in
            XCTAssertTrue("\(error)".contains("odd.h5") && "\(error)".contains("divisible"), "\(error)")
        }
    }
}
