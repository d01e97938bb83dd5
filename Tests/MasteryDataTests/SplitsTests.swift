import LotrinhTestSupport
import MasteryData
import XCTest

final class SplitsTests: XCTestCase {
    private let directory = TemporaryDirectory("splits")

    /// 40 students, 1–30 answers each, every third answer a two-skill question.
    private func makeData(withSplitColumn: Bool = false) throws -> ResponseData {
        var lines = ["student_id,skill_id,item_id,correct,order" + (withSplitColumn ? ",split" : "")]
        var generator = SeededRandom(seed: 7)
        for student in 0..<40 {
            for answer in 0..<Int.random(in: 1...30, using: &generator) {
                let label = withSplitColumn ? (answer % 4 == 0 ? ",test" : ",train") : ""
                let correct = Int.random(in: 0...1, using: &generator)
                lines.append("s\(student),k\(answer % 5),q\(answer),\(correct),\(answer)\(label)")
                if answer % 3 == 0 { lines.append("s\(student),k\(answer % 5 + 5),q\(answer),\(correct),\(answer)\(label)") }
            }
        }
        let path = directory.write("r.csv", lines.joined(separator: "\n") + "\n")
        return try ResponseLoader.load(path: path).0
    }

    /// No answer may have rows on two sides: the leak the ASSISTments README warns about.
    private func assertAnswersKeptTogether(_ split: RowSplit, _ data: ResponseData, file: StaticString = #filePath, line: UInt = #line) {
        for row in 1..<data.rowCount where data.rowAnswer[row] == data.rowAnswer[row - 1] {
            XCTAssertEqual(split.rowPart[row], split.rowPart[row - 1], "answer \(data.rowAnswer[row]) split", file: file, line: line)
        }
    }

    func testStudentFoldsKeepEachStudentInOneBalancedFold() throws {
        let data = try makeData()
        var generator = SeededRandom(seed: 1)
        let split = data.studentFolds(5, using: &generator)
        var foldsOfStudent = [Set<UInt8>](repeating: [], count: data.studentCount)
        for row in 0..<data.rowCount { foldsOfStudent[Int(data.rowStudent[row])].insert(split.rowPart[row]) }
        XCTAssertTrue(foldsOfStudent.allSatisfy { $0.count == 1 })
        let studentsPerFold = (0..<5).map { fold in foldsOfStudent.filter { $0.first == UInt8(fold) }.count }
        XCTAssertEqual(studentsPerFold, [8, 8, 8, 8, 8])
        XCTAssertEqual(split.rows(in: 2).count + split.rows(notIn: 2).count, data.rowCount)
        var again = SeededRandom(seed: 1)
        XCTAssertEqual(data.studentFolds(5, using: &again), split, "same seed, same folds")
    }

    func testRandomAnswerSplitHoldsOutWholeAnswers() throws {
        let data = try makeData()
        var generator = SeededRandom(seed: 3)
        let split = data.randomAnswerSplit(testFraction: 0.25, using: &generator)
        assertAnswersKeptTogether(split, data)
        let testAnswers = Set(split.rows(in: 1).map { data.rowAnswer[$0] })
        XCTAssertEqual(Double(testAnswers.count) / Double(data.answerCount), 0.25, accuracy: 0.06)
    }

    func testLastAnswersSplitHoldsOutTheEndOfEachSequence() throws {
        let data = try makeData()
        let split = data.lastAnswersSplit(testFraction: 0.2)
        assertAnswersKeptTogether(split, data)
        for student in 0..<data.studentCount {
            let rows = data.rows(ofStudent: student)
            let answers = Int(data.rowAnswer[rows.last!]) - Int(data.rowAnswer[rows.first!]) + 1
            let testAnswers = Set(rows.filter { split.rowPart[$0] == 1 }.map { data.rowAnswer[$0] })
            XCTAssertEqual(testAnswers.count, Int(Double(answers) * 0.2), "floor(20% of \(answers))")
            // Test rows are a suffix of the student's sequence.
            let parts = rows.map { split.rowPart[$0] }
            XCTAssertEqual(parts, parts.sorted())
        }
    }

    func testColumnSplitUsesTheLabels() throws {
        let data = try makeData(withSplitColumn: true)
        let split = try data.columnSplit(testLabels: ["test"])
        assertAnswersKeptTogether(split, data)
        for row in 0..<data.rowCount {
            XCTAssertEqual(split.rowPart[row] == 1, data.splitLabels[Int(data.rowSplit[row])] == "test")
        }
        XCTAssertThrowsError(try data.columnSplit(testLabels: ["valid"])) { error in
            XCTAssertEqual(error as? SplitError, .unknownLabels(["valid"], known: ["test", "train"]))
        }
        XCTAssertThrowsError(try makeData().columnSplit(testLabels: ["test"])) { error in
            XCTAssertEqual(error as? SplitError, .noSplitColumn)
        }
    }

    func testColumnFoldsFollowNumericLabelOrder() throws {
        let text = "student_id,skill_id,correct,fold\na,k,1,10\nb,k,0,2\nc,k,1,9\n"
        var mapping = ColumnMapping()
        mapping.set(.split, to: "fold")
        let data = try ResponseLoader.load(path: directory.write("f.csv", text), options: ResponseLoadOptions(mapping: mapping)).0
        let folds = try data.columnFolds()
        XCTAssertEqual(folds.count, 3)
        XCTAssertEqual(folds.rowPart, [2, 0, 1], "labels 10, 2, 9 → folds 2, 0, 1")
    }

    func testAnswerWithConflictingLabelsIsRejected() throws {
        let text = "student_id,skill_id,item_id,correct,split\ns,k1,q,1,train\ns,k2,q,1,test\n"
        let data = try ResponseLoader.load(path: directory.write("c.csv", text)).0
        XCTAssertEqual(data.answerCount, 1)
        XCTAssertThrowsError(try data.columnSplit(testLabels: ["test"])) { error in
            XCTAssertEqual(error as? SplitError, .answerSplitAcross(row: 1))
        }
    }
}
