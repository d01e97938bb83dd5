import LotrinhTestSupport
import MasteryData
import XCTest

/// `.gz` inputs are read directly, recognised by their first bytes (not their name); a damaged or
/// cut-short one is an error naming the file, never binary printed as a header.
final class GzipInputTests: XCTestCase {
    private let directory = TemporaryDirectory("gzip")
    private let text = "student_id,skill_id,correct\n" + (1...400).map { "hs\($0),Phân số \($0 % 7),\($0 % 2)\n" }.joined()

    /// A gzip member holding `data` in stored (uncompressed) deflate blocks of at most `block`
    /// bytes (RFC 1951 §3.2.4, RFC 1952), so that the test does not depend on a compressor.
    private func gzipStored(_ data: [UInt8], block: Int = 1000) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        var start = 0
        repeat {
            let end = min(start + block, data.count)
            let length = UInt16(end - start)
            out.append(end == data.count ? 1 : 0)  // BFINAL on the last block, BTYPE 00 (stored)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += data[start..<end]
            start = end
        } while start < data.count
        return out + littleEndian(crc32(data)) + littleEndian(UInt32(truncatingIfNeeded: data.count))
    }

    /// CRC-32 (IEEE, reflected polynomial 0xEDB88320), bit by bit as RFC 1952 §8 defines it.
    private func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private func records(_ path: String, chunkSize: Int = 1 << 20) throws -> [[String]] {
        let reader = try CSVReader(path: path, chunkSize: chunkSize)
        var rows: [[String]] = []
        while try reader.nextRecord() { rows.append(reader.strings()) }
        return rows
    }

    func testAGzipFileReadsAsItsTextAtEveryBufferSize() throws {
        let plain = try records(directory.write("plain.csv", text))
        XCTAssertEqual(plain.count, 401)
        let bytes = Array(text.utf8)
        let single = directory.write("one.csv.gz", bytes: gzipStored(bytes))
        let split = bytes.count / 3
        let twoMembers = directory.write("two.csv.gz", bytes: gzipStored(Array(bytes[..<split])) + gzipStored(Array(bytes[split...]), block: 97))
        let noExtension = directory.write("export-without-extension.txt", bytes: gzipStored(bytes, block: 4096))
        for path in [single, twoMembers, noExtension] {
            for chunkSize in [3, 7, 64, 1 << 16] {
                XCTAssertEqual(try records(path, chunkSize: chunkSize), plain, "\(path) at chunk size \(chunkSize)")
            }
        }
    }

    func testAGzippedLegacyExportIsDecodedToo() throws {
        // UTF-16 LE with its mark, compressed: inflated first, then decoded.
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = directory.write("unicode.csv.gz", bytes: gzipStored(utf16))
        XCTAssertEqual(try records(path), try records(directory.write("plain.csv", text)))
    }

    func testDamagedGzipFilesAreErrorsNamingTheFile() throws {
        let good = gzipStored(Array(text.utf8))
        var badChecksum = good
        badChecksum[good.count - 6] ^= 0xFF
        var badBlock = good
        badBlock[10] = 0x07  // a reserved block type
        let cases: [(String, [UInt8], String)] = [
            ("cut.csv.gz", Array(good.dropLast(300)), "it ends inside its compressed data"),
            ("crc.csv.gz", badChecksum, "incorrect data check"),
            ("block.csv.gz", badBlock, "invalid block type"),
        ]
        for (name, bytes, reason) in cases {
            let path = directory.write(name, bytes: bytes)
            XCTAssertThrowsError(try records(path, chunkSize: 64)) { error in
                guard let error = error as? InputError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.reason, .unreadable)
                let message = error.description
                XCTAssertTrue(message.hasPrefix(path + ": "), message)
                XCTAssertTrue(message.contains(reason), message)
                XCTAssertTrue(message.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }, "no binary in: \(message)")
            }
        }
    }

    func testASpreadsheetIsRefusedAsSuch() throws {
        let path = directory.write("answers.xlsx", bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0] + [UInt8](repeating: 0x9C, count: 200))
        XCTAssertThrowsError(try records(path)) { error in
            XCTAssertTrue("\(error)".contains("ZIP archive (an Excel .xlsx workbook?)"), "\(error)")
        }
    }

    /// A binary file that is not gzip (here: control bytes and 300 "columns" of them) is not
    /// printed as "the header": its names are escaped and the list cut short.
    func testABinaryHeaderIsNotPrintedRaw() throws {
        let header = (0..<300).map { "c\($0)\u{1}\u{0}\u{1B}[2J" }.joined(separator: ",")
        let path = directory.write("binary.csv", header + "\n1,2\n")
        XCTAssertThrowsError(try ResponseLoader.load(path: path)) { error in
            guard let error = error as? InputError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.reason, .missingColumn)
            let message = error.description
            XCTAssertTrue(message.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }, message)
            XCTAssertTrue(message.contains("'c0\\u{1}\\u{0}\\u{1B}[2J'"), message)
            XCTAssertTrue(message.contains("… (300 columns)"), message)
            XCTAssertLessThan(message.count, 1000, "not kilobytes of header")
        }
    }
}
