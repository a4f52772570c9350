import DICOM
import XCTest

final class DICOMDateTimeTests: XCTestCase {
    func testTimeFormats() throws {
        XCTAssertEqual(try XCTUnwrap(DICOMTimestamp.parseTM("101530.25")), 10 * 3600 + 15 * 60 + 30.25, accuracy: 1e-9)
        XCTAssertEqual(DICOMTimestamp.parseTM("1015"), 10 * 3600 + 15 * 60)
        XCTAssertEqual(DICOMTimestamp.parseTM("10"), 36_000)
        XCTAssertEqual(try XCTUnwrap(DICOMTimestamp.parseTM("10:15:30.5")), 36_930.5, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(DICOMTimestamp.parseTM("235959.999999")), 86_399.999999, accuracy: 1e-6)
        XCTAssertNil(DICOMTimestamp.parseTM("25"))
        XCTAssertNil(DICOMTimestamp.parseTM("1075"))
        XCTAssertNil(DICOMTimestamp.parseTM("abc"))
        XCTAssertNil(DICOMTimestamp.parseTM("10.5.3"))
        XCTAssertNil(DICOMTimestamp.parseTM(""))
    }

    func testDatesAndDateTimes() throws {
        XCTAssertEqual(DICOMTimestamp.parseDA("19700101"), 0)
        XCTAssertEqual(DICOMTimestamp.parseDA("20000301"), 11_017)  // 30 years incl. 7 leap days + Jan/Feb 2000
        XCTAssertEqual(DICOMTimestamp.parseDA("2000.03.01"), 11_017)  // old ACR-NEMA form
        XCTAssertNil(DICOMTimestamp.parseDA("20001301"))
        XCTAssertEqual(DICOMTimestamp.formatDA(11_017), "20000301")
        let dt = try XCTUnwrap(DICOMTimestamp.parseDT("20000301101530.5+0100"))
        XCTAssertEqual(dt.dayNumber, 11_017)
        XCTAssertEqual(dt.secondsOfDay, 36_930.5, accuracy: 1e-9)
        XCTAssertEqual(DICOMTimestamp.parseDT("20000301")?.secondsOfDay, 0)
        XCTAssertEqual(DICOMTimestamp.formatTM(36_930.5), "101530.500000")
        XCTAssertEqual(DICOMTimestamp.formatTM(86_400 + 1), "000001.000000")
    }
}
