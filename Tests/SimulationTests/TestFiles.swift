import Foundation
import XCTest

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lotrinh-sim-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A minimal RFC 4180 reader for checking the generator's output (the project's real reader
/// belongs to MasteryData and is written separately; tests must not depend on it yet).
/// Returns the header and the records.
func readCSV(_ url: URL) throws -> (header: [String], rows: [[String]]) {
    let bytes = try [UInt8](Data(contentsOf: url))
    var records: [[String]] = []
    var record: [String] = []
    var field: [UInt8] = []
    var inQuotes = false
    var index = 0
    func endField() {
        record.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }
    while index < bytes.count {
        let byte = bytes[index]
        if inQuotes {
            if byte == UInt8(ascii: "\"") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                    field.append(byte)
                    index += 1
                } else {
                    inQuotes = false
                }
            } else {
                field.append(byte)
            }
        } else if byte == UInt8(ascii: "\"") {
            inQuotes = true
        } else if byte == UInt8(ascii: ",") {
            endField()
        } else if byte == UInt8(ascii: "\n") {
            endField()
            records.append(record)
            record.removeAll(keepingCapacity: true)
        } else {
            field.append(byte)
        }
        index += 1
    }
    XCTAssertTrue(record.isEmpty && field.isEmpty && !inQuotes, "\(url.lastPathComponent) must end with a newline")
    guard let header = records.first else { return ([], []) }
    return (header, Array(records.dropFirst()))
}

/// One answer of `responses.csv`: consecutive rows sharing student and order.
struct RecordedAnswer {
    let student: Int
    let order: Int
    let item: Int
    let correct: Bool
    let skills: [String]
    let school: Int
    let classID: Int
    let grade: Int
}

func readAnswers(_ url: URL) throws -> [RecordedAnswer] {
    let (header, rows) = try readCSV(url)
    XCTAssertEqual(header, ["student_id", "skill_id", "item_id", "correct", "order", "school_id", "class_id", "grade"])
    var answers: [RecordedAnswer] = []
    for row in rows {
        let student = Int(row[0])!, order = Int(row[4])!, item = Int(row[2])!, correct = row[3] == "1"
        if let last = answers.last, last.student == student, last.order == order {
            XCTAssertEqual(last.item, item, "rows of one answer share the item")
            XCTAssertEqual(last.correct, correct, "rows of one answer share correctness")
            answers[answers.count - 1] = RecordedAnswer(
                student: student, order: order, item: item, correct: correct, skills: last.skills + [row[1]],
                school: last.school, classID: last.classID, grade: last.grade)
        } else {
            answers.append(RecordedAnswer(
                student: student, order: order, item: item, correct: correct, skills: [row[1]],
                school: Int(row[5])!, classID: Int(row[6])!, grade: Int(row[7])!))
        }
    }
    return answers
}
