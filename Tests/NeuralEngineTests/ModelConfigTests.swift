import NeuralEngine
import XCTest

final class ModelConfigTests: XCTestCase {
    func testDecodesMONAIArgumentNames() throws {
        let json = #"{"architecture": "LocalNet", "spatial_dims": 2, "in_channels": 2, "num_channel_initial": 16, "extract_levels": [0, 1, 2, 3, 4], "out_channels": 2}"#
        let config = try ModelConfig.decode(json: json, file: "m.h5")
        XCTAssertEqual(config, .localNet(extractLevels: [0, 1, 2, 3, 4]))
        XCTAssertEqual(config.resolvedDepth, 4)
        XCTAssertEqual(try ModelConfig.decode(json: config.json(), file: "m.h5"), config)
    }

    func testInvalidConfigsAreRejectedWithTheReason() {
        XCTAssertThrowsError(try ModelConfig.globalNet(imageSize: [100, 128], depth: 4).validate(file: "m.h5")) { error in
            XCTAssertTrue("\(error)".contains("divisible by 2^depth = 16"), "\(error)")
        }
        var threeD = ModelConfig.globalNet(imageSize: [128, 128], depth: 4)
        threeD.spatialDims = 3
        XCTAssertThrowsError(try threeD.validate(file: "m.h5"))
        var concat = ModelConfig.localNet(extractLevels: [0, 1])
        concat.concatSkip = true
        XCTAssertThrowsError(try concat.validate(file: "m.h5"))
        XCTAssertThrowsError(try ModelConfig.basicUNet(features: [4, 4, 8, 8, 16], outChannels: 2).validate(file: "m.h5"))
        XCTAssertThrowsError(try ModelConfig.decode(json: #"{"architecture": "VNet"}"#, file: "m.h5")) { error in
            XCTAssertTrue("\(error)".contains("m.h5"), "\(error)")
        }
    }
}
