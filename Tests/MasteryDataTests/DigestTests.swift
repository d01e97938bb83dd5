import Foundation
import LotrinhTestSupport
import MasteryData
import XCTest

final class DigestTests: XCTestCase {
    private func sha256Hex(_ text: String) -> String {
        Digest.hex(Digest.sha256(Array(text.utf8)))
    }

    /// FIPS 180-2, appendix B.
    func testKnownAnswers() {
        XCTAssertEqual(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testIncrementalHashingEqualsOneShot() {
        let text = Array("Lộ trình học tập cho từng học sinh".utf8)
        for split in [0, 1, 7, text.count] {
            var hasher = SHA256Hasher()
            hasher.update(Array(text[..<split]))
            hasher.update(Array(text[split...]))
            XCTAssertEqual(hasher.finalize(), Digest.sha256(text))
        }
    }

    func testHexIsLowercaseTwoDigitsPerByte() {
        XCTAssertEqual(Digest.hex([0x00, 0x0f, 0xa0, 0xff]), "000fa0ff")
        XCTAssertEqual(Digest.hex([]), "")
    }

    private let responses = """
        student_id,skill_id,item_id,correct,timestamp
        hs1,phân-số,c1,1,1700000000
        hs1,số-thập-phân,c2,0,1700000100
        hs2,phân-số,c1,0,1700000200
        hs2,phân-số,c3,1,1700000300

        """

    private func fingerprint(_ csv: String, in directory: TemporaryDirectory, name: String) throws -> String {
        let path = directory.write(name, csv)
        return try ResponseLoader.load(path: path).0.fingerprint()
    }

    func testFingerprintIsStableAndSensitiveToEveryValue() throws {
        let directory = TemporaryDirectory("digest")
        let original = try fingerprint(responses, in: directory, name: "a.csv")
        XCTAssertEqual(original.count, 64)
        XCTAssertEqual(try fingerprint(responses, in: directory, name: "b.csv"), original, "same data, same fingerprint")

        let changes = [
            ("one outcome", "hs2,phân-số,c3,1,", "hs2,phân-số,c3,0,"),
            ("one student id", "hs2,phân-số,c1", "hs3,phân-số,c1"),
            ("one item", "hs1,số-thập-phân,c2", "hs1,số-thập-phân,c4"),
            ("one time", "1700000300", "1700000301"),
            ("one skill name", "số-thập-phân", "so-thap-phan"),
        ]
        var seen: Set<String> = [original]
        for (label, old, new) in changes {
            let changed = responses.replacingOccurrences(of: old, with: new)
            XCTAssertNotEqual(changed, responses, label)
            let changedFingerprint = try fingerprint(changed, in: directory, name: "\(label).csv")
            XCTAssertTrue(seen.insert(changedFingerprint).inserted, "changing \(label) changes the fingerprint")
        }
    }
}
