import Foundation
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// Small hand-built models with seeded random parameters, shared by the model file tests.
enum ModelFixtures {
    static let skillNames = ["Phân số", "Số thập phân", "Tỉ số phần trăm", "Hình học phẳng", "Đo lường và ước lượng"]
    /// Distinctive enough that finding one in a file's bytes can only mean it was written there.
    static func studentId(_ index: Int) -> String { "hs-ẩn-danh-\(1000 + index)-q7" }

    static func model(rank: Int = 3, items: Int = 7, students: Int = 11, seed: UInt64 = 2024) -> MasteryModel {
        var random = SeededRandom(seed: seed)
        func values(_ count: Int) -> ParameterArray {
            ParameterArray((0..<count).map { _ in (random.nextUniform() * 6 - 3) })
        }
        let skills = skillNames.count
        let metadata = ModelMetadata(
            kind: .logistic, rank: rank, terms: ModelTerms(itemBias: items > 0, practice: true),
            regularization: Regularization(studentBias: 1.5, skillFactors: 0.1 + 0.2),
            recency: Recency(halfLife: 30, unit: .days),
            skillIds: (1...skills).map { "toán6.kn\($0)" }, skillNames: skillNames,
            prerequisites: [[0, 1], [1, 2], [0, 3]],
            training: ["sweeps": "25", "solver": "irls", "ghi chú": "lớp 6 \"A\"\nhọc kỳ 1"],
            dataFingerprint: String(repeating: "ab", count: 32),
            metrics: ["train.logLoss": 0.5123456789012345, "validation.auc": 0.78, "tiny": 5e-324],
            createdAt: "2025-09-01T08:30:00Z", pseudonymKeyFingerprint: "k0123456789abcdef")
        return MasteryModel(
            metadata: metadata, globalBias: (random.nextUniform() * 2 - 1),
            skillBias: values(skills), skillFactors: values(skills * rank),
            gainCorrect: values(skills), gainWrong: values(skills),
            itemIds: IdTable((0..<items).map { "câu-\($0)" }), itemBias: values(items),
            studentIds: IdTable((0..<students).map(studentId)), studentBias: values(students),
            studentFactors: values(students * rank))
    }
}

/// Asserts that two models hold the same parameters bit for bit, the same ids and metadata.
func assertIdentical(_ loaded: MasteryModel, _ original: MasteryModel, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(loaded.metadata, original.metadata, file: file, line: line)
    XCTAssertEqual(loaded.globalBias.bitPattern, original.globalBias.bitPattern, file: file, line: line)
    let pairs: [(String, ParameterArray, ParameterArray)] = [
        ("skillBias", loaded.skillBias, original.skillBias), ("skillFactors", loaded.skillFactors, original.skillFactors),
        ("gainCorrect", loaded.gainCorrect, original.gainCorrect), ("gainWrong", loaded.gainWrong, original.gainWrong),
        ("practiceWeights", loaded.practiceWeights, original.practiceWeights),
        ("itemBias", loaded.itemBias, original.itemBias), ("studentBias", loaded.studentBias, original.studentBias),
        ("studentFactors", loaded.studentFactors, original.studentFactors),
    ]
    for (name, lhs, rhs) in pairs {
        XCTAssertEqual(lhs.map(\.bitPattern), rhs.map(\.bitPattern), name, file: file, line: line)
    }
    XCTAssertEqual(loaded.itemIds.ids, original.itemIds.ids, file: file, line: line)
    XCTAssertEqual(loaded.studentIds.ids, original.studentIds.ids, file: file, line: line)
}

final class ModelFileRoundTripTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("modelfile") }
    override func tearDown() { directory = nil }

    private func roundTrip(_ model: MasteryModel, name: String = "model.lotrinh") throws -> MasteryModel {
        let path = directory.path(name)
        try model.write(to: path)
        return try MasteryModel.load(from: path)
    }

    func testEveryParameterIdAndMetadataRoundTripsBitExact() throws {
        let model = ModelFixtures.model()
        assertIdentical(try roundTrip(model), model)
    }

    func testRankZeroAndModelWithoutItemsRoundTrip() throws {
        let rankZero = ModelFixtures.model(rank: 0)
        let loadedRankZero = try roundTrip(rankZero, name: "rank0.lotrinh")
        assertIdentical(loadedRankZero, rankZero)
        XCTAssertEqual(loadedRankZero.skillFactors.count, 0)

        let withoutItems = ModelFixtures.model(items: 0)
        let loadedWithoutItems = try roundTrip(withoutItems, name: "noitems.lotrinh")
        assertIdentical(loadedWithoutItems, withoutItems)
        XCTAssertEqual(loadedWithoutItems.itemIds.count, 0)
    }

    func testExportWithoutStudentsHoldsNoStudentBytes() throws {
        let model = ModelFixtures.model()
        let path = directory.path("service.lotrinh")
        try model.withoutStudents().write(to: path)
        let loaded = try MasteryModel.load(from: path)
        XCTAssertFalse(loaded.hasStudents)
        XCTAssertEqual(loaded.studentBias.count + loaded.studentFactors.count, 0)
        assertIdentical(loaded, model.withoutStudents())

        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for student in model.studentIds.ids {
            XCTAssertNil(bytes.range(of: Data(student.utf8)), "student id \(student) found in a model without students")
        }
        // The fixture's ids share this stem, so not even a fragment of one is in the file.
        XCTAssertNil(bytes.range(of: Data("hs-ẩn-danh".utf8)))
        XCTAssertNotNil(bytes.range(of: Data("câu-3".utf8)), "the scan would find ids that are there")
    }

    func testLoadedArraysAreViewsIntoOneReadOfTheFile() throws {
        let loaded = try roundTrip(ModelFixtures.model())
        let arrays = [loaded.skillBias, loaded.skillFactors, loaded.gainCorrect, loaded.gainWrong,
                      loaded.itemBias, loaded.studentBias, loaded.studentFactors]
        let owner = try XCTUnwrap(loaded.skillBias.storage.viewedOwner as? ModelFileContents)
        for array in arrays {
            XCTAssertTrue(array.storage.viewedOwner === owner, "every array views the same bytes read from the file")
            let read = owner.bytes
            let start = UnsafeRawPointer(array.storage.base)
            XCTAssertTrue(start >= read.baseAddress! && start + 8 * array.count <= read.baseAddress! + read.count)
            XCTAssertEqual(Int(bitPattern: start) % 64, 0, "sections are 64-byte aligned in memory")
        }
        XCTAssertNil(ParameterArray([1, 2]).storage.viewedOwner, "an array built from values owns them")
    }

    func testLoadedModelOutlivesItsFileName() throws {
        let path = directory.path("gone.lotrinh")
        let model = ModelFixtures.model()
        try model.write(to: path)
        let loaded = try MasteryModel.load(from: path)
        try FileManager.default.removeItem(atPath: path)
        assertIdentical(loaded, model)
    }

    func testLayoutIsAsDocumented() throws {
        let path = directory.path("layout.lotrinh")
        try ModelFixtures.model().write(to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(bytes[0..<16]), [0x89] + Array("LOTRINH\r\n".utf8) + [0x1A, 0x0A, 0, 0, 0, 0])
        func integer(_ offset: Int, _ width: Int) -> Int {
            (0..<width).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        XCTAssertEqual(integer(16, 4), 1, "format version")
        XCTAssertEqual(integer(20, 4), 64, "header size")
        XCTAssertEqual(integer(24, 8), bytes.count, "file size")
        let directoryOffset = integer(32, 8)
        let sectionCount = integer(40, 4)
        XCTAssertEqual(integer(44, 4), 48, "directory entry size")
        XCTAssertEqual(directoryOffset % 64, 0)
        XCTAssertEqual(sectionCount, 11)
        XCTAssertEqual(directoryOffset + 48 * sectionCount + 32, bytes.count)
        XCTAssertEqual(Array(bytes.suffix(32)), Digest.sha256(Array(bytes.dropLast(32))))
        var names: [String] = []
        for index in 0..<sectionCount {
            let entry = directoryOffset + 48 * index
            names.append(String(decoding: bytes[entry..<(entry + 16)].prefix { $0 != 0 }, as: UTF8.self))
            XCTAssertEqual(integer(entry + 32, 8) % 64, 0, "section \(names.last!) starts 64-byte aligned")
        }
        XCTAssertEqual(names, ["metadata", "globalBias", "skillBias", "skillFactors", "gainCorrect", "gainWrong",
                               "itemIds", "itemBias", "studentIds", "studentBias", "studentFactors"])
    }

    func testSameModelGivesSameBytes() throws {
        let model = ModelFixtures.model()
        try model.write(to: directory.path("a.lotrinh"))
        try model.write(to: directory.path("b.lotrinh"))
        XCTAssertEqual(try Data(contentsOf: directory.url.appendingPathComponent("a.lotrinh")),
                       try Data(contentsOf: directory.url.appendingPathComponent("b.lotrinh")))
    }

    func testNonFiniteMetricIsKeptButNonFiniteParameterIsRefused() throws {
        var model = ModelFixtures.model()
        model.metadata.metrics["validation.auc"] = .nan
        model.metadata.metrics["ratio"] = -.infinity
        let loaded = try roundTrip(model)
        XCTAssertTrue(try XCTUnwrap(loaded.metadata.metrics["validation.auc"]).isNaN)
        XCTAssertEqual(loaded.metadata.metrics["ratio"], -.infinity)

        model.skillBias = ParameterArray([0, 1, .nan, 3, 4])
        let path = directory.path("diverged.lotrinh")
        XCTAssertThrowsError(try model.write(to: path)) { error in
            guard case let .invalidModel(errorPath, section, _) = error as? ModelFileError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(errorPath, path)
            XCTAssertEqual(section, "skillBias")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.hasPrefix(".") }, [])
    }

    func testMetadataJSONKeepsVietnameseReadableWithSortedKeys() throws {
        let metadata = ModelFixtures.model().metadata
        let bytes = try MetadataJSON.encode(metadata)
        XCTAssertEqual(try bytes.withUnsafeBytes { try MetadataJSON.decode($0) }, metadata)
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains("\"skillNames\":[\"Phân số\""),
                      "Vietnamese stays readable UTF-8; keys are sorted")
    }
}
