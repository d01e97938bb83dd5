import LotrinhTestSupport
import MasteryData
import XCTest

/// The one item-bank loader both executables use: each item once with its skills, and every bad
/// row refused with the file, line, column and value.
final class ItemBankTests: XCTestCase {
    private let folder = TemporaryDirectory("lotrinh-item-bank")
    private let skills: Set<String> = ["T6.01", "T6.02", "T6.03"]

    private func load(_ contents: String, format: InputFormat = InputFormat()) throws(InputError) -> ItemBank {
        try ItemBank.load(path: folder.write("items.csv", contents), format: format) { self.skills.contains($0) }
    }

    private func error(_ contents: String) -> InputError? {
        do {
            _ = try load(contents)
            return nil
        } catch {
            return error
        }
    }

    func testEachItemOnceWithItsSkillsInTheOrderTheFileFirstNamesThem() throws {
        // An answer log: item 7 answered twice on T6.02 and once on T6.01, item 3 once; columns in any order.
        let bank = try load("student_id,skill_id,item_id,correct\nA,T6.02,7,1\nB,T6.02,7,0\nA,T6.03,3,1\nC,T6.01,7,1\n")
        XCTAssertEqual(bank.items, [ItemBank.Item(id: "7", skillIds: ["T6.02", "T6.01"]), ItemBank.Item(id: "3", skillIds: ["T6.03"])])
    }

    func testQuotedFieldsSemicolonsAndCRLFReadLikeEveryOtherInput() throws {
        let bank = try load("item_id;skill_id\r\n\"câu 1; phần a\";T6.01\r\n")
        XCTAssertEqual(bank.items, [ItemBank.Item(id: "câu 1; phần a", skillIds: ["T6.01"])])
    }

    func testASkillTheModelLacksNamesFileLineColumnAndValue() throws {
        let failure = try XCTUnwrap(error("item_id,skill_id\n1,T6.01\n2,T9.99\n"))
        XCTAssertEqual(failure.reason, .unknownSkill)
        XCTAssertEqual(failure.line, 3)
        XCTAssertEqual(failure.column, 2)
        XCTAssertEqual(failure.columnName, "skill_id")
        XCTAssertEqual(failure.value, "T9.99")
        XCTAssertTrue(failure.description.hasPrefix(folder.url.appendingPathComponent("items.csv").path + ":3:2: unknown skill"), failure.description)
    }

    func testAnEmptyItemIdIsRefusedWhereItIs() throws {
        let failure = try XCTUnwrap(error("skill_id,item_id\nT6.01,4\nT6.02,\n"))
        XCTAssertEqual(failure.reason, .emptyValue)
        XCTAssertEqual([failure.line, failure.column], [3, 2])
        XCTAssertEqual(failure.columnName, "item_id")
    }

    func testARowWithTheWrongNumberOfFieldsNamesItsLine() throws {
        let failure = try XCTUnwrap(error("item_id,skill_id\n1,T6.01\n2,T6.02,extra\n"))
        XCTAssertEqual(failure.reason, .wrongFieldCount)
        XCTAssertEqual(failure.line, 3)
        XCTAssertEqual(failure.value, "3 fields")
    }

    func testAMissingColumnNamesWhatTheFileHas() throws {
        let failure = try XCTUnwrap(error("item,skill_id\n1,T6.01\n"))
        XCTAssertEqual(failure.reason, .missingColumn)
        XCTAssertTrue(failure.description.contains("item_id"), failure.description)
        XCTAssertTrue(failure.description.contains("'item'"), failure.description)
    }

    func testAnEmptyFileAndAHeaderWithoutItemsAreRefused() throws {
        XCTAssertEqual(error("")?.reason, .emptyFile)
        let headerOnly = try XCTUnwrap(error("item_id,skill_id\n"))
        XCTAssertEqual(headerOnly.reason, .emptyFile)
        XCTAssertNil(headerOnly.line)
    }
}
