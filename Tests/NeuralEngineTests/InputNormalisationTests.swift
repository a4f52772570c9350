import NeuralEngine
import XCTest

final class InputNormalisationTests: XCTestCase {
    private let x = try! Tensor(batch: 1, channels: 2, height: 1, width: 4, values: [1, 2, 3, 4, 10, 10, 10, 10])

    func testZScorePerChannel() {
        let y = InputNormalisation(method: .zscore).apply(x)
        // Channel 0: mean 2.5, population std √1.25.
        let s = Float(1.25.squareRoot())
        for (a, b) in zip(y.values[0..<4], [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        XCTAssertEqual(Array(y.values[4..<8]), [0, 0, 0, 0])  // constant channel stays finite
    }

    func testMinMaxAndPercentile() {
        XCTAssertEqual(Array(InputNormalisation(method: .minmax).apply(x).values[0..<4]), [0, 1.0 / 3, 2.0 / 3, 1])
        let p = InputNormalisation(method: .percentile, lowerPercentile: 0, upperPercentile: 100).apply(x)
        XCTAssertEqual(Array(p.values[0..<4]), [0, 1.0 / 3, 2.0 / 3, 1])
    }

    func testJSONRoundTripWithSnakeCaseKeys() throws {
        let n = try InputNormalisation.decode(json: #"{"method": "percentile", "lower_percentile": 1, "upper_percentile": 99.5}"#, file: "m.h5")
        XCTAssertEqual(n, InputNormalisation(method: .percentile, lowerPercentile: 1, upperPercentile: 99.5))
        XCTAssertEqual(try InputNormalisation.decode(json: n.json(), file: "m.h5"), n)
        XCTAssertThrowsError(try InputNormalisation.decode(json: #"{"method": "magic"}"#, file: "m.h5"))
    }

    /// Expected values from tools/train/myoflow_train/preprocess.py `prepare` (numpy), worked by
    /// hand: [0, 1, 2, 3] → x01 [0, ⅓, ⅔, 1] lands in bins 0, 85, 170, 255; cdf steps 0.25 each;
    /// ⅓ sits at bin-centre position 84.83 → 0.25 + 0.833·0.25.
    func testMinMaxHistogramEqualisationMatchesPythonPrepare() throws {
        let n = InputNormalisation(method: .minmaxHistogramEqualisation)
        let a = n.apply(try Tensor(batch: 1, channels: 1, height: 1, width: 4, values: [0, 1, 2, 3])).values
        for (got, want) in zip(a, [0.25, 0.45833396911621094, 0.75, 1.0]) { XCTAssertEqual(Double(got), want, accuracy: 1e-6) }
        let b = n.apply(try Tensor(batch: 1, channels: 1, height: 2, width: 4, values: [2, 2, 2, 10, 4, 4, 6, 8])).values
        for (got, want) in zip(b, [0.375, 0.375, 0.375, 1.0, 0.5, 0.5, 0.6875, 0.8125]) { XCTAssertEqual(Double(got), want, accuracy: 1e-6) }
        // Constant frame → zeros; frames are independent.
        let c = n.apply(try Tensor(batch: 2, channels: 1, height: 1, width: 4, values: [5, 5, 5, 5, 0, 1, 2, 3])).values
        XCTAssertEqual(Array(c[0..<4]), [0, 0, 0, 0])
        XCTAssertEqual(Double(c[5]), 0.45833396911621094, accuracy: 1e-6)
        XCTAssertEqual(try InputNormalisation.decode(json: #"{"method": "minmax_histeq"}"#, file: "m.h5"), n)
    }
}
