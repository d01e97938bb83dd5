import ArgumentParser
import Foundation
import MasteryData
import Recommend
import Reports

/// What a printed report's header and names come from: the school's own files, read only when
/// the report is written (names never enter a model).
struct TeacherOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Students' names: a CSV with student_id, name and optional class_id. Reports show the names; they never enter a model.", valueName: "file"))
    var roster: String?

    @Option(help: ArgumentHelp("The school's name, for the report's header.", valueName: "name"))
    var schoolName: String?

    /// The roster, when one is given.
    func loadRoster(format: InputFormat) throws -> LabelFile? {
        try roster.map { try LabelFile(path: $0, key: "student_id", label: "name", optional: "class_id", format: format) }
    }

    var inputFiles: [String] { [roster].compactMap { $0 } }
}

/// The line under a report's title: the day it was written, the school, the class and the day
/// the model was trained, so a printed page says what it is and how fresh.
struct ReportHeader {
    var school: String?
    var className: String?
    /// The model's ISO 8601 creation time (its metadata's `createdAt`).
    var modelCreatedAt: String
    var today = Date()

    func render(_ words: Words) -> String {
        var parts = [words.reportDate(Self.day(today))]
        if let school { parts.append(words.schoolLabel(school)) }
        if let className { parts.append(words.classLabel(className)) }
        parts.append(words.modelTrained(String(modelCreatedAt.prefix(10))))
        return "<p class=\"meta header\">\(HTML.escape(parts.joined(separator: " · ")))</p>"
    }

    /// The day as yyyy-mm-dd in the machine's time zone, the day the teacher prints.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
