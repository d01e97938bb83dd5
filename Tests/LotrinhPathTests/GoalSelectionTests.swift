import Foundation
import LotrinhTestSupport
import XCTest

/// `--topic` and `--grade` as a teacher types them: any case, with or without diacritics (đ
/// included), in either Unicode normal form; and errors that list what there is to choose from.
final class GoalSelectionTests: XCTestCase {
    private let student = ["student", "--model", "models/vn-grade6.lotrinh", "--student", "17"]
    private let skills = ["--skills", "datasets/vn-grade6/skills.csv"]

    private func goals(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let result = try CommandRunner.run("lotrinh-path", arguments + ["--json"])
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.standardError)", file: file, line: line)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return object?["goals"] as? [String] ?? []
    }

    private func failure(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try CommandRunner.run("lotrinh-path", arguments)
        XCTAssertEqual(result.status, 1, "\(arguments) should fail on the data: \(result.standardOutput)", file: file, line: line)
        return result.standardError
    }

    func testTopicIsFoundWhateverItsCaseDiacriticsAndNormalForm() throws {
        // The skills whose topic column (the last; names may hold quoted commas) is "Phân số",
        // read from the file here.
        let rows = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/skills.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        let fractions = rows.filter { $0.hasSuffix(",Phân số") }.map { String($0.prefix { $0 != "," }) }
        XCTAssertEqual(fractions.count, 6)
        let decomposed = "Phân số".decomposedStringWithCanonicalMapping
        XCTAssertNotEqual(Array(decomposed.unicodeScalars), Array("Phân số".unicodeScalars), "the NFD spelling really differs in code points")
        for typed in ["Phân số", "phân số", "phan so", "PHÂN SỐ", "  Phan   So ", decomposed] {
            XCTAssertEqual(try goals(student + skills + ["--topic", typed]), fractions, typed)
        }
        XCTAssertEqual(try goals(student + skills + ["--topic", "phan so", "--grade", "6"]), fractions)
    }

    /// Diacritic folding keeps đ (it has no decomposition): "do dac" still finds "Đo đạc"; beside a
    /// topic written without diacritics, the closest spelling wins (exact, then but for case), and a
    /// spelling that names both only without diacritics is refused, naming both.
    func testDStrokeAndAmbiguousSpellings() throws {
        let folder = TemporaryDirectory("lotrinh-topics")
        let file = folder.url.appendingPathComponent("skills.csv")
        try """
        skill_id,name,grade,topic
        T6.01,Tập hợp,6,Đo đạc
        T6.02,Cách ghi số tự nhiên,6,Đo đạc
        T6.03,Thứ tự,7,Số học
        T6.04,Phép cộng,6,Do dac
        T6.05,Phép trừ,6,Đường thẳng
        """.write(to: file, atomically: true, encoding: .utf8)
        let custom = ["--skills", file.path]
        XCTAssertEqual(try goals(student + custom + ["--topic", "Đo đạc"]), ["T6.01", "T6.02"])
        XCTAssertEqual(try goals(student + custom + ["--topic", "Do dac"]), ["T6.04"], "the exact spelling")
        XCTAssertEqual(try goals(student + custom + ["--topic", "ĐO ĐẠC"]), ["T6.01", "T6.02"], "equal but for case")
        XCTAssertEqual(try goals(student + custom + ["--topic", "DO DAC"]), ["T6.04"], "equal but for case")
        XCTAssertEqual(try goals(student + custom + ["--topic", "duong thang"]), ["T6.05"], "đ typed as d")
        XCTAssertEqual(try goals(student + custom + ["--topic", "ĐƯỜNG THẲNG".decomposedStringWithCanonicalMapping]), ["T6.05"])
        let ambiguous = try failure(student + custom + ["--topic", "do dạc", "--lang", "en"])
        XCTAssertTrue(ambiguous.contains("'Đo đạc', 'Do dac'"), ambiguous)
        XCTAssertEqual(try goals(student + custom + ["--grade", "7"]), ["T6.03"])
        let notInGrade = try failure(student + custom + ["--topic", "Đo đạc", "--grade", "7", "--lang", "en"])
        XCTAssertTrue(notInGrade.contains("the topics of grade 7: 'Số học'"), notInGrade)
    }

    /// An unknown grade lists the grades (not the topics); an unknown topic lists the topics.
    func testUnknownGradeListsGradesAndUnknownTopicListsTopics() throws {
        let grade = try failure(student + skills + ["--grade", "7", "--lang", "en"])
        XCTAssertTrue(grade.contains("grade '7'"), grade)
        XCTAssertTrue(grade.contains("its grades: '6'"), grade)
        XCTAssertFalse(grade.contains("Phân số"), "a grade error lists grades, not topics: \(grade)")
        let topic = try failure(student + skills + ["--topic", "Đại số", "--lang", "en"])
        XCTAssertTrue(topic.contains("topic 'Đại số'"), topic)
        for listed in ["'Số tự nhiên'", "'Số nguyên'", "'Phân số'", "'Thống kê và xác suất'"] {
            XCTAssertTrue(topic.contains(listed), "\(listed) missing: \(topic)")
        }
    }
}
