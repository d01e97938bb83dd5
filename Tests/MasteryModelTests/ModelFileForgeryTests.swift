import Foundation
import Glibc
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// The bundled model (`models/vn-grade6.lotrinh`, written by `lotrinh-train fit`) damaged field by
/// field: every header field and every directory field of every section changed and the checksum
/// recomputed (a buggy writer or a forger), a non-finite value in every array, every byte of the
/// checksum, one bit of bytes all over the file, and splices of two models. Each case must be refused with a
/// `ModelFileError`; ModelFileCorruptionTests does the same on a small fixture.
final class ModelFileForgeryTests: XCTestCase {
    private typealias Layout = ModelFileLayout
    private var directory: TemporaryDirectory!
    private var good: [UInt8] = []

    override func setUpWithError() throws {
        directory = TemporaryDirectory("modelfile-forgery")
        good = [UInt8](try Data(contentsOf: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh")))
    }

    override func tearDown() { directory = nil }

    private func load(_ bytes: [UInt8]) -> Result<MasteryModel, ModelFileError> {
        let path = directory.path("case.lotrinh")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(descriptor >= 0 && bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count)
        close(descriptor)
        return Result { () throws(ModelFileError) in try MasteryModel.load(from: path) }
    }

    private func resealed(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.dropLast(Layout.checksumSize)) + Digest.sha256(Array(bytes.dropLast(Layout.checksumSize)))
    }

    private func readInteger(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        (0..<width).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    private func setInteger(_ bytes: inout [UInt8], at offset: Int, width: Int, _ value: UInt64) {
        for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    /// Values a damaged or forged integer field takes: off by one and by an alignment step either
    /// way, zero, all ones, the top bit, and each byte inverted.
    private func variants(of value: UInt64, width: Int) -> [UInt64] {
        let mask: UInt64 = width == 8 ? .max : (1 << (8 * UInt64(width))) - 1
        var values: [UInt64] = [value &+ 1, value &- 1, value &+ 8, value &- 8, value &+ 64, value &- 64, 0, mask, 1 << (8 * UInt64(width) - 1)]
        values += (0..<width).map { value ^ (0xFF << (8 * UInt64($0))) }
        return Array(Set(values.map { $0 & mask })).filter { $0 != value }.sorted()
    }

    /// Changes the integer field, reseals, loads: every variant must be refused.
    private func assertEveryVariantRefused(field: String, offset: Int, width: Int, file: StaticString = #filePath, line: UInt = #line) -> Int {
        var cases = 0
        for value in variants(of: readInteger(good, at: offset, width: width), width: width) {
            var forged = good
            setInteger(&forged, at: offset, width: width, value)
            cases += 1
            if case .success = load(resealed(forged)) { XCTFail("\(field) = \(value) loaded", file: file, line: line) }
        }
        return cases
    }

    private var directoryOffset: Int { Int(readInteger(good, at: Layout.HeaderField.directoryOffset, width: 8)) }
    private var sectionCount: Int { Int(readInteger(good, at: Layout.HeaderField.sectionCount, width: 4)) }

    func testEveryHeaderFieldChangedAndResealedIsRefused() {
        let fields: [(String, Int, Int)] = [
            ("version", Layout.HeaderField.version, 4), ("header size", Layout.HeaderField.headerSize, 4),
            ("file size", Layout.HeaderField.fileSize, 8), ("directory offset", Layout.HeaderField.directoryOffset, 8),
            ("section count", Layout.HeaderField.sectionCount, 4), ("directory entry size", Layout.HeaderField.directoryEntrySize, 4),
        ]
        var cases = 0
        for (name, offset, width) in fields { cases += assertEveryVariantRefused(field: name, offset: offset, width: width) }
        for offset in 0..<Layout.magic.count {
            var forged = good
            forged[offset] ^= 0x20
            cases += 1
            guard case .failure(.notAModel) = load(resealed(forged)) else { XCTFail("magic byte \(offset)"); continue }
        }
        print("header fields: \(cases) forged values, 100 % refused")
    }

    func testEveryDirectoryFieldOfEverySectionChangedAndResealedIsRefused() {
        var cases = 0
        for index in 0..<sectionCount {
            let entry = directoryOffset + Layout.directoryEntrySize * index
            let name = String(decoding: good[entry..<(entry + 16)].prefix { $0 != 0 }, as: UTF8.self)
            for (field, offset, width) in [("kind", 16, 4), ("count", 24, 8), ("offset", 32, 8), ("length", 40, 8)] {
                cases += assertEveryVariantRefused(field: "\(name).\(field)", offset: entry + offset, width: width)
            }
            var renamed = good
            renamed[entry] ^= 0x01
            cases += 1
            if case .success = load(resealed(renamed)) { XCTFail("\(name) renamed loaded") }
        }
        print("directory: \(cases) forged values over \(sectionCount) sections, 100 % refused")
    }

    /// NaN, ±∞ in the first and last value of every array, naming the array.
    func testANonFiniteValueInEveryArrayIsRefusedNamingTheArray() {
        var cases = 0
        for index in 0..<sectionCount {
            let entry = directoryOffset + Layout.directoryEntrySize * index
            let name = String(decoding: good[entry..<(entry + 16)].prefix { $0 != 0 }, as: UTF8.self)
            guard readInteger(good, at: entry + 16, width: 4) == Layout.SectionKind.float64.rawValue else { continue }
            let count = Int(readInteger(good, at: entry + 24, width: 8))
            let start = Int(readInteger(good, at: entry + 32, width: 8))
            for position in Set([0, count - 1]) where count > 0 {
                for value in [Double.nan, .infinity, -.infinity] {
                    var forged = good
                    setInteger(&forged, at: start + 8 * position, width: 8, value.bitPattern)
                    cases += 1
                    guard case let .failure(.malformed(_, section, reason)) = load(resealed(forged)) else {
                        XCTFail("\(value) in \(name)[\(position)] was not refused as malformed")
                        continue
                    }
                    XCTAssertEqual(section, name)
                    XCTAssertTrue(reason.contains("not a finite number"), reason)
                }
            }
        }
        XCTAssertGreaterThanOrEqual(cases, 8 * 3, "every float64 array of the model was reached")
        print("arrays: \(cases) non-finite values, 100 % refused")
    }

    /// fuzz-model-file: a finite but huge parameter (4·10³⁰² in the skill factors) passed the
    /// finiteness check, and fold-in's arithmetic then made NaN masteries.
    func testAHugeFiniteParameterIsRefused() throws {
        let entry = directoryOffset + Layout.directoryEntrySize * 3
        XCTAssertEqual(String(decoding: good[entry..<(entry + 12)], as: UTF8.self), "skillFactors")
        var forged = good
        setInteger(&forged, at: Int(readInteger(good, at: entry + 32, width: 8)), width: 8, 4.16e302.bitPattern)
        guard case let .failure(.malformed(_, section, reason)) = load(resealed(forged)) else { return XCTFail("a huge factor loaded") }
        XCTAssertEqual(section, "skillFactors")
        XCTAssertTrue(reason.contains("beyond ±1000000.0"), reason)

        var model = try MasteryModel.load(from: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        model.skillBias = ParameterArray([2e6] + model.skillBias.dropFirst())
        XCTAssertThrowsError(try model.write(to: directory.path("huge.lotrinh")), "the writer refuses what the reader would") { error in
            guard case .invalidModel(_, "skillBias", _) = error as? ModelFileError else { return XCTFail("\(error)") }
        }
    }

    /// A λ of 0 in the metadata would make fold-in's prior singular; the metadata JSON is edited
    /// in place (same length) and resealed.
    func testANonPositiveRegularizationInTheMetadataIsRefused() {
        let original = Array(#""practice":1,"#.utf8)
        guard let start = (0...(good.count - original.count)).first(where: { good[$0..<($0 + original.count)].elementsEqual(original) }) else {
            return XCTFail("the bundled model's metadata has no practice λ of 1")
        }
        var forged = good
        forged[start + original.count - 2] = UInt8(ascii: "0")
        guard case let .failure(.malformed(_, section, reason)) = load(resealed(forged)) else { return XCTFail("λ = 0 loaded") }
        XCTAssertEqual(section, "metadata")
        XCTAssertTrue(reason.contains("regularization λ = 0.0"), reason)
    }

    func testEveryByteOfTheChecksumIsChecked() {
        for offset in (good.count - Layout.checksumSize)..<good.count {
            var damaged = good
            damaged[offset] ^= 0x01
            guard case .failure(.checksumMismatch) = load(damaged) else { return XCTFail("checksum byte \(offset)") }
        }
    }

    /// One bit (a different one from byte to byte) of every byte of the header, the directory and
    /// the checksum, and of every 31st byte between them: each load costs a file write and a map,
    /// and ModelFileCorruptionTests flips every byte of its small fixture.
    func testFlippingOneBitAnywhereIsRefused() {
        let offsets = good.indices.filter { $0 < Layout.headerSize || $0 >= directoryOffset || $0 % 31 == 0 }
        var refused = 0
        for offset in offsets {
            var damaged = good
            damaged[offset] ^= 1 << (offset % 8)
            if case .failure = load(damaged) { refused += 1 } else { XCTFail("flip at \(offset) loaded") }
        }
        XCTAssertEqual(refused, offsets.count)
        print("bit flips: \(refused) bytes of \(good.count), 100 % refused")
    }

    /// The head of one model followed by the tail of another, cut at every 29th byte: with a model
    /// of the same shape (the same model written again: only its creation time differs) and with
    /// the service model (another shape).
    func testSplicesOfTwoModelsAreRefused() throws {
        let rewrittenPath = directory.path("rewritten.lotrinh")
        var sameShape = try MasteryModel.load(from: RepositoryPaths.root.appendingPathComponent("models/vn-grade6.lotrinh").path)
        sameShape.metadata.createdAt = "2030-01-01T00:00:00Z"
        try sameShape.write(to: rewrittenPath)
        let twin = [UInt8](try Data(contentsOf: URL(fileURLWithPath: rewrittenPath)))
        let service = [UInt8](try Data(contentsOf: RepositoryPaths.root.appendingPathComponent("models/vn-grade6-service.lotrinh")))
        var cases = 0
        for other in [twin, service] {
            for cut in stride(from: 1, to: min(good.count, other.count), by: 29) {
                for spliced in [Array(good[..<cut] + other[cut...]), Array(other[..<cut] + good[cut...])]
                where spliced != good && spliced != other {
                    cases += 1
                    if case .success = load(spliced) { XCTFail("splice at \(cut) loaded") }
                }
            }
        }
        print("splices: \(cases), 100 % refused")
    }
}
