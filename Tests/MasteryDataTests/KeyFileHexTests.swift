import Foundation
import LotrinhTestSupport
import MasteryData
import XCTest

/// A hex key file that lost a digit, or picked up a stray character, is refused instead of being
/// read as raw bytes (which would quietly change every pseudonym).
final class KeyFileHexTests: XCTestCase {
    private let hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

    private func key(_ text: String) throws -> Pseudonymizer {
        let directory = TemporaryDirectory("key-hex")
        return try Pseudonymizer(keyFile: URL(fileURLWithPath: directory.write("key", text)))
    }

    func testValidHexIsReadAsHex() throws {
        let fromFile = try key(hex + "\n")
        let fromBytes = try Pseudonymizer(keyBytes: stride(from: 0, to: hex.count, by: 2).map {
            UInt8(hex.dropFirst($0).prefix(2), radix: 16)!
        })
        XCTAssertEqual(fromFile.pseudonym(for: "HS-0017"), fromBytes.pseudonym(for: "HS-0017"))
    }

    func testAMissingDigitIsRefused() {
        XCTAssertThrowsError(try key(String(hex.dropLast()) + "\n")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("63 hex digits, an odd number"), text)
            XCTAssertTrue(text.contains("not valid hex"), text)
        }
    }

    func testAStrayCharacterIsRefused() {
        var broken = hex
        broken.replaceSubrange(broken.index(broken.startIndex, offsetBy: 10)...broken.index(broken.startIndex, offsetBy: 10), with: "g")
        XCTAssertThrowsError(try key(broken)) { XCTAssertTrue("\($0)".contains("other character"), "\($0)") }
    }

    func testBase64AndRawKeysAreStillAccepted() throws {
        XCTAssertNoThrow(try key(Data((0..<32).map { UInt8($0 * 7) }).base64EncodedString()))
        XCTAssertNoThrow(try key("a passphrase-like raw key of many characters, not hex at all"))
    }
}
