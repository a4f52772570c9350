import NeuralEngine
import XCTest

final class InferenceSessionTests: XCTestCase {
    func testBatchedSessionMatchesGoldenAndIsStableAcrossRuns() throws {
        for file in ["globalnet_d2.h5", "localnet_l0123.h5"] {
            let session = InferenceSession(network: try NeuralNetwork.load(path: Fixtures.path(file)), workers: 2)
            let x = try Fixtures.tensor(file, "golden", "input"), y = try Fixtures.tensor(file, "golden", "output")
            // Repeat the batch so several frames run per worker with reused arenas.
            let repeated = try Tensor(batch: 3 * x.batch, channels: x.channels, height: x.height, width: x.width,
                                      values: x.values + x.values + x.values)
            let first = try session.run(repeated)
            let second = try session.run(repeated)
            XCTAssertEqual(first, second, file)
            for k in 0..<3 {
                let part = try Tensor(batch: y.batch, channels: y.channels, height: y.height, width: y.width,
                                      values: Array(first.values[(k * y.values.count)..<((k + 1) * y.values.count)]))
                assertParity(part, y, "\(file) batch copy \(k)")
            }
            XCTAssertGreaterThan(session.lastConvolutionFlops, 0)
        }
    }

    func testSteadyStateRunsAllocateNothing() throws {
        let session = InferenceSession(network: try NeuralNetwork.load(path: Fixtures.path("localnet_l0123.h5")), workers: 2)
        let x = try Fixtures.tensor("localnet_l0123.h5", "golden", "input")
        let batch = try Tensor(batch: 4, channels: x.channels, height: x.height, width: x.width, values: Array(repeating: x.values, count: 4).flatMap { $0 })
        _ = try session.run(batch)
        let bytes = session.workspaceBytes
        _ = try session.run(batch)
        XCTAssertEqual(session.lastOverflowAllocations, 0)
        XCTAssertEqual(session.workspaceBytes, bytes)
    }

    func testFramesRunOneAtATimeMatchGolden() throws {
        // Single frames take the latency path (conv bands or output channels spread over workers).
        for file in ["globalnet_d2.h5", "basicunet_batch.h5"] {
            let session = InferenceSession(network: try NeuralNetwork.load(path: Fixtures.path(file)), workers: 2)
            let x = try Fixtures.tensor(file, "golden", "input"), y = try Fixtures.tensor(file, "golden", "output")
            for n in 0..<x.batch {
                let frame = try Tensor(batch: 1, channels: x.channels, height: x.height, width: x.width,
                                       values: Array(x.values[(n * x.frameCount)..<((n + 1) * x.frameCount)]))
                let expected = try Tensor(batch: 1, channels: y.channels, height: y.height, width: y.width,
                                          values: Array(y.values[(n * y.frameCount)..<((n + 1) * y.frameCount)]))
                assertParity(try session.run(frame), expected, "\(file) frame \(n)")
            }
        }
    }

    func testSingleFrameSessionMatchesGolden() throws {
        let session = InferenceSession(network: try NeuralNetwork.load(path: Fixtures.path("localnet_l123.h5")))
        let x = try Fixtures.tensor("localnet_l123.h5", "golden", "input")
        assertParity(try session.run(x), try Fixtures.tensor("localnet_l123.h5", "golden", "output"), "single frame")
    }
}
