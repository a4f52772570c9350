import NeuralEngine
import XCTest

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        // FIPS 180-2 appendix B vectors.
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testStreamingEqualsOneShot() {
        let bytes = (0..<300).map { UInt8($0 % 251) }
        var s = SHA256()
        s.update(bytes[0..<7]); s.update(bytes[7..<130]); s.update(bytes[130...])
        XCTAssertEqual(s.finalizeHex(), SHA256.hex(bytes))
    }

    func testFloatsHashAsLittleEndianBytes() {
        var s = SHA256()
        s.update(floats: [1, -2.5])
        // 1.0 = 0x3F800000, −2.5 = 0xC0200000, little-endian.
        XCTAssertEqual(s.finalizeHex(), SHA256.hex([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0]))
    }
}
