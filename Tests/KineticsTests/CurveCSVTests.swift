import AIF
import Foundation
import Kinetics
import Physics
import XCTest

/// The `myoflow fit` CSV formats: parsing, errors naming file/line/column, results round trip.
final class CurveCSVTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("myoflow-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func assertCSVError(_ body: @autoclosure () throws -> Any, contains parts: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let text = "\(error)"
            for part in parts { XCTAssertTrue(text.contains(part), "'\(text)' lacks '\(part)'", file: file, line: line) }
        }
    }

    func testEndToEndFitOfCSVCurves() throws {
        let shape = GammaVariateAIF()
        let times = SyntheticCurves.acquisitionTimes()
        var aifText = "time_s,gd\n"
        for t in times { aifText += "\(t),\(shape.concentration(at: t))\n" }
        let truth = FermiResidue(mbfMlPerMinPerG: 2.2, shoulderS: 2.5, washoutPerS: 0.6, delayS: 0.5)
        var tissueText = "# synthetic\ntime_s,\"septal, mid\",flat\n"
        for t in times { tissueText += "\(t),\(SyntheticCurves.tissue(at: t, aif: shape, residue: truth)),0\n" }
        let out = directory.appendingPathComponent("results.csv").path
        let rows = try CurveFitRequest.run(aifPath: try write("aif.csv", aifText), tissuePath: try write("tissue.csv", tissueText), outputPath: out)
        XCTAssertEqual(rows.map(\.name), ["septal, mid", "flat"])
        XCTAssertEqual(rows[0].result.mbfMlPerMinPerG, 2.2, accuracy: 0.011)
        let written = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(written[0], "name,mbf_ml_min_g,f_per_s,tau0_s,k_per_s,delay_s,r2,converged,reason")
        XCTAssertTrue(written[1].hasPrefix("\"septal, mid\","), written[1])
        let mbf = Double(written[1].dropFirst("\"septal, mid\",".count).split(separator: ",")[0])
        XCTAssertEqual(mbf ?? 0, 2.2, accuracy: 0.011)
        XCTAssertTrue(written[1].contains(",true,"))
        XCTAssertTrue(written[2].hasPrefix("flat,nan,"))
        XCTAssertTrue(written[2].contains(",false,flat"))
        XCTAssertEqual(written.count, 3)
    }

    func testErrorsNameFileLineAndColumn() throws {
        let aif = try write("a.csv", "time_s,gd\n0,0\n1,abc\n")
        assertCSVError(try CurveCSV.readAIF(path: aif), contains: ["a.csv", "line 3", "column 2", "abc"])
        let header = try write("h.csv", "t,gd\n0,0\n1,1\n")
        assertCSVError(try CurveCSV.readAIF(path: header), contains: ["h.csv", "line 1", "time_s,gd"])
        let ragged = try write("r.csv", "time_s,a,b\n0,1,2\n1,2\n")
        assertCSVError(try CurveCSV.readTissue(path: ragged), contains: ["r.csv", "line 3", "2 columns"])
        let backwards = try write("b.csv", "time_s,a\n0,1\n2,2\n1,3\n")
        assertCSVError(try CurveCSV.readTissue(path: backwards), contains: ["b.csv", "line 4", "increase"])
        let duplicate = try write("d.csv", "time_s,a,a\n0,1,2\n1,2,3\n")
        assertCSVError(try CurveCSV.readTissue(path: duplicate), contains: ["d.csv", "column 3", "twice"])
        assertCSVError(try CurveCSV.readAIF(path: directory.appendingPathComponent("missing.csv").path), contains: ["missing.csv"])
        let empty = try write("e.csv", "")
        assertCSVError(try CurveCSV.readTissue(path: empty), contains: ["e.csv", "empty"])
    }

    func testResultsOverwriteAnExistingFileAndBadFoldersFail() throws {
        let out = directory.appendingPathComponent("r.csv").path
        try "old".write(toFile: out, atomically: true, encoding: .utf8)
        try CurveCSV.writeResults([(name: "a", result: .failed(.flat))], path: out)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("name,mbf_ml_min_g"))
        XCTAssertTrue(text.contains("a,nan,nan,nan,nan,nan,nan,false,flat"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("tmp") }
        XCTAssertEqual(leftovers, [])
        XCTAssertThrowsError(try CurveCSV.writeResults([], path: directory.appendingPathComponent("no/such/dir/r.csv").path))
    }

    func testNaNValuesAreReadAndFlaggedLater() throws {
        let path = try write("n.csv", "time_s,a\n0,nan\n1,0.5\n")
        let table = try CurveCSV.readTissue(path: path)
        XCTAssertTrue(table.curves[0][0].isNaN)
        XCTAssertEqual(table.curves[0][1], 0.5)
    }
}
