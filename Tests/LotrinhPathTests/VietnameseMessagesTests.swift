import Foundation
import LotrinhTestSupport
import XCTest

/// Under a Vietnamese report (auto-detected from the skill names, or --lang vi) the errors of
/// choosing goals and students and the training-time warning are Vietnamese too; under
/// --lang en, or a model with English names, they stay English.
final class VietnameseMessagesTests: XCTestCase {
    private let vietnamese = ["--model", "models/vn-grade6.lotrinh", "--student", "17"]
    private let vietnameseSkills = ["--skills", "datasets/vn-grade6/skills.csv"]

    private func run(_ arguments: [String], status: Int32, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try CommandRunner.run("lotrinh-path", arguments)
        XCTAssertEqual(result.status, status, "\(arguments): \(result.standardError)", file: file, line: line)
        return result.standardError
    }

    func testGoalErrorsFollowTheReportLanguage() throws {
        let grade = try run(["student"] + vietnamese + vietnameseSkills + ["--grade", "7"], status: 1)
        XCTAssertTrue(grade.contains("không có kỹ năng nào của mô hình thuộc khối '7'"), grade)
        XCTAssertTrue(grade.contains("các khối có: '6'"), grade)
        let topic = try run(["class"] + vietnamese.dropLast(2) + ["--answers", "datasets/vn-grade6/responses.csv", "--class", "3"]
                            + vietnameseSkills + ["--topic", "Đại số"], status: 1)
        XCTAssertTrue(topic.contains("thuộc chủ đề 'Đại số'"), topic)
        XCTAssertTrue(topic.contains("các chủ đề có: 'Số tự nhiên'"), topic)
        let english = try run(["student"] + vietnamese + vietnameseSkills + ["--grade", "7", "--lang", "en"], status: 1)
        XCTAssertTrue(english.contains("its grades: '6'"), english)

        // Junyi's names are Chinese, so its reports are English unless asked.
        let junyi = ["student", "--model", "models/junyi2015.lotrinh", "--student", "688", "--skills", "datasets/junyi2015/skills.csv",
                     "--topic", "no-such-topic"]
        XCTAssertTrue(try run(junyi, status: 1).contains("no skill of the model has topic 'no-such-topic'"))
        XCTAssertTrue(try run(junyi + ["--lang", "vi"], status: 1).contains("không có kỹ năng nào của mô hình thuộc chủ đề 'no-such-topic'"))
    }

    func testStudentErrorsAndWarningsFollowTheReportLanguage() throws {
        let warning = try run(["student"] + vietnamese, status: 0)
        XCTAssertEqual(warning.split(separator: "\n"),
                       ["cảnh báo: đang hiển thị ước lượng của mô hình từ lúc huấn luyện cho học sinh 17; hãy dùng --answers để đưa vào các câu trả lời hiện tại của học sinh"])
        let explain = try run(["explain"] + vietnamese + ["--skill", "T6.05"], status: 0)
        XCTAssertTrue(explain.hasPrefix("cảnh báo: đang hiển thị ước lượng"), explain)
        let unknown = try run(["student", "--model", "models/vn-grade6.lotrinh", "--student", "nobody"], status: 1)
        XCTAssertTrue(unknown.contains("học sinh 'nobody' không có trong mô hình"), unknown)
        let english = try run(["student", "--model", "models/vn-grade6.lotrinh", "--student", "nobody", "--lang", "en"], status: 1)
        XCTAssertTrue(english.contains("student 'nobody' is not in the model"), english)
    }
}
