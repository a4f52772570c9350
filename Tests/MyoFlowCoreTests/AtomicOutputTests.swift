import Foundation
import MyoFlowCore
import XCTest

final class AtomicOutputTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testSuccessReplacesDestination() throws {
        let path = directory.appendingPathComponent("out.txt").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try AtomicOutput.write(to: path) { try "new".write(toFile: $0, atomically: false, encoding: .utf8) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["out.txt"])
    }

    func testFailureLeavesNoPartialOutputAndKeepsOld() throws {
        struct Boom: Error {}
        let path = directory.appendingPathComponent("out.txt").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try AtomicOutput.write(to: path) { tmp in
            try "half".write(toFile: tmp, atomically: false, encoding: .utf8)
            throw Boom()
        })
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["out.txt"])
    }

    func testWorksForFolders() throws {
        let path = directory.appendingPathComponent("results").path
        try AtomicOutput.write(to: path) { tmp in
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: false)
            try "x".write(toFile: tmp + "/a.csv", atomically: false, encoding: .utf8)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "/a.csv"))
    }
}

extension AtomicOutputTests {
    func testReplacesExistingFolder() throws {
        let path = directory.appendingPathComponent("results").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try "old".write(toFile: path + "/old.csv", atomically: false, encoding: .utf8)
        try AtomicOutput.write(to: path) { tmp in
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: false)
            try "new".write(toFile: tmp + "/new.csv", atomically: false, encoding: .utf8)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path), ["new.csv"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["results"])
    }
}
