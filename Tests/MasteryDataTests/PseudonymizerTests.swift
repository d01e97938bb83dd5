import Foundation
import XCTest
@testable import MasteryData

final class PseudonymizerTests: XCTestCase {
    private let testKey = [UInt8](0..<32)
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("lotrinh-pseudonymizer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: scratch)
    }

    /// RFC 4231 test case 6 (131-byte key 0xaa…, HMAC-SHA-256 = 60e43159 1ee0b67f 0d8a26aa …):
    /// the pseudonym is "p" + base32 of its first 10 bytes. Checked independently with
    /// python3 -c 'import hmac,hashlib,base64; d=hmac.new(b"\xaa"*131,
    ///   b"Test Using Larger Than Block-Size Key - Hash Key First", hashlib.sha256).digest();
    ///   print(d.hex(), "p"+base64.b32encode(d[:10]).decode().lower())'
    /// → 60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54 pmdsdcwi64c3h6dmk
    func testKnownAnswerFromRFC4231() throws {
        let pseudonymizer = try Pseudonymizer(keyBytes: [UInt8](repeating: 0xaa, count: 131))
        XCTAssertEqual(pseudonymizer.pseudonym(for: "Test Using Larger Than Block-Size Key - Hash Key First"),
                       "pmdsdcwi64c3h6dmk")
    }

    /// key = bytes 0…31; python3 -c 'import hmac,hashlib,base64; k=bytes(range(32));
    ///   [print("p"+base64.b32encode(hmac.new(k,m,hashlib.sha256).digest()[:10]).decode().lower())
    ///    for m in (b"student-42", "Nguyễn Văn An".encode())];
    ///   print("k"+hmac.new(k,b"lotrinh/pseudonymizer/key-fingerprint/v1",hashlib.sha256).digest()[:8].hex())'
    func testKnownAnswersForUTF8IdsAndTheFingerprint() throws {
        let pseudonymizer = try Pseudonymizer(keyBytes: testKey)
        XCTAssertEqual(pseudonymizer.pseudonym(for: "student-42"), "p6alqdenvjf4amd4g")
        XCTAssertEqual(pseudonymizer.pseudonym(for: "Nguyễn Văn An"), "pkmke5ggvm4c7tnyq")
        XCTAssertEqual(pseudonymizer.keyFingerprint, "k236fbc8bd491b0fb")
    }

    func testSameKeySamePseudonymDifferentKeyDifferentPseudonym() throws {
        let first = try Pseudonymizer(keyBytes: testKey)
        let again = try Pseudonymizer(keyBytes: testKey)
        let other = try Pseudonymizer(keyBytes: testKey.map { $0 ^ 0x01 })
        for id in ["1", "student-42", "HS-0001234", ""] {
            XCTAssertEqual(first.pseudonym(for: id), again.pseudonym(for: id))
            XCTAssertNotEqual(first.pseudonym(for: id), other.pseudonym(for: id))
        }
        XCTAssertNotEqual(first.pseudonym(for: "student-42"), first.pseudonym(for: "student-43"))
        XCTAssertEqual(first.keyFingerprint, again.keyFingerprint)
        XCTAssertNotEqual(first.keyFingerprint, other.keyFingerprint, "a join with the wrong key must be detectable")
    }

    func testBytesVariantEqualsStringVariant() throws {
        let pseudonymizer = try Pseudonymizer(keyBytes: testKey)
        // An id sliced out of a larger CSV buffer, as the importer sees it.
        let line = Array("HS-0001234,Nguyễn Văn An,1\n".utf8)
        line.withUnsafeBytes { buffer in
            XCTAssertEqual(pseudonymizer.pseudonym(forBytes: UnsafeRawBufferPointer(rebasing: buffer[0..<10])),
                           pseudonymizer.pseudonym(for: "HS-0001234"))
            XCTAssertEqual(pseudonymizer.pseudonym(forBytes: UnsafeRawBufferPointer(rebasing: buffer[11..<27])),
                           pseudonymizer.pseudonym(for: "Nguyễn Văn An"))
        }
    }

    func testPseudonymsAreShortPrintableTokens() throws {
        let pseudonym = try Pseudonymizer(keyBytes: testKey).pseudonym(for: "student-42")
        XCTAssertEqual(pseudonym.count, 17)
        XCTAssertTrue(pseudonym.hasPrefix("p"))
        XCTAssertTrue(pseudonym.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
    }

    func testShortKeyFileIsRejectedNamingTheFile() throws {
        let keyFile = scratch.appendingPathComponent("short.key")
        try Data([UInt8](repeating: 7, count: 12)).write(to: keyFile)
        XCTAssertThrowsError(try Pseudonymizer(keyFile: keyFile)) { error in
            XCTAssertEqual(error as? Pseudonymizer.KeyError, .tooShort(file: keyFile, byteCount: 12, readAs: .raw))
            let message = String(describing: error)
            XCTAssertTrue(message.contains(keyFile.path), message)
            XCTAssertTrue(message.contains("holds 12 bytes"), message)
            XCTAssertTrue(message.contains("at least 32"), message)
        }
        // 24 hex digits are 12 bytes, however long the text looks.
        try Data("00112233445566778899aabb\n".utf8).write(to: keyFile)
        XCTAssertThrowsError(try Pseudonymizer(keyFile: keyFile)) { error in
            XCTAssertEqual(error as? Pseudonymizer.KeyError, .tooShort(file: keyFile, byteCount: 12, readAs: .hex))
        }
    }

    func testEmptyAndMissingKeyFilesAreRejected() throws {
        let empty = scratch.appendingPathComponent("empty.key")
        try Data(" \n".utf8).write(to: empty)
        XCTAssertThrowsError(try Pseudonymizer(keyFile: empty)) { error in
            XCTAssertEqual(error as? Pseudonymizer.KeyError, .empty(file: empty))
        }
        let missing = scratch.appendingPathComponent("missing.key")
        XCTAssertThrowsError(try Pseudonymizer(keyFile: missing)) { error in
            XCTAssertTrue(String(describing: error).contains(missing.path))
        }
    }

    func testHexBase64AndRawKeyFilesGiveTheSameKey() throws {
        let expected = try Pseudonymizer(keyBytes: testKey).pseudonym(for: "student-42")
        let hex = testKey.map { String(format: "%02X", $0) }.joined()
        let files: [(String, Data)] = [
            ("raw.key", Data(testKey)),
            ("hex.key", Data("  \(hex)\r\n".utf8)),
            ("base64.key", Data((Data(testKey).base64EncodedString() + "\n").utf8)),
        ]
        for (name, contents) in files {
            let keyFile = scratch.appendingPathComponent(name)
            try contents.write(to: keyFile)
            XCTAssertEqual(try Pseudonymizer(keyFile: keyFile).pseudonym(for: "student-42"), expected, name)
        }
    }

    func testFingerprintAndDescriptionNeverRevealTheKey() throws {
        let pseudonymizer = try Pseudonymizer(keyBytes: testKey)
        let fingerprint = pseudonymizer.keyFingerprint
        let keyHex = testKey.map { String(format: "%02x", $0) }.joined()
        XCTAssertFalse(fingerprint.contains(keyHex.prefix(16)))
        XCTAssertNotEqual(fingerprint, pseudonymizer.pseudonym(for: "lotrinh/pseudonymizer/key-fingerprint/v1"))
        XCTAssertNotEqual(fingerprint, pseudonymizer.pseudonym(for: ""))

        var dumped = ""
        dump(pseudonymizer, to: &dumped)
        for text in [pseudonymizer.description, String(reflecting: pseudonymizer), dumped] {
            XCTAssertTrue(text.contains(fingerprint), text)
            XCTAssertFalse(text.lowercased().contains(keyHex.prefix(16)), text)
            XCTAssertFalse(text.contains(Data(testKey).base64EncodedString().prefix(12)), text)
        }
    }

    func testGeneratedKeyFileIsPrivateUsableAndNeverOverwritten() throws {
        let keyFile = scratch.appendingPathComponent("operator.key")
        try Pseudonymizer.generateKeyFile(at: keyFile)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let original = try Data(contentsOf: keyFile)
        XCTAssertEqual(original.count, 32)
        XCTAssertNoThrow(try Pseudonymizer(keyFile: keyFile))

        XCTAssertThrowsError(try Pseudonymizer.generateKeyFile(at: keyFile)) { error in
            XCTAssertEqual(error as? Pseudonymizer.KeyError, .alreadyExists(file: keyFile))
        }
        XCTAssertEqual(try Data(contentsOf: keyFile), original, "the existing key is left untouched")

        let second = scratch.appendingPathComponent("second.key")
        try Pseudonymizer.generateKeyFile(at: second)
        XCTAssertNotEqual(try Data(contentsOf: second), original, "keys are random")
    }

    func testShortInMemoryKeyIsRejected() {
        XCTAssertThrowsError(try Pseudonymizer(keyBytes: Array("Jefe".utf8))) { error in
            XCTAssertEqual(error as? Pseudonymizer.KeyError, .tooShort(file: nil, byteCount: 4, readAs: .raw))
        }
    }
}
