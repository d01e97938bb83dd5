import ArgumentParser
import Foundation
import MasteryData
import Recommend

struct Student: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A student's mastery of every skill, with its uncertainty.",
        discussion: """
        From the student's answers (--answers, a responses CSV in Lotrinh's layout; the rows of \
        --student are used when it holds several students), or from the model's own estimate of a \
        student it was trained on (--student alone; practice counts are then not known).

        Examples:
          lotrinh-path student --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 17
          lotrinh-path student --model models/vn-grade6.lotrinh --student 17 --json
        """
    )

    @Option(help: ArgumentHelp("A .lotrinh model.", valueName: "file"))
    var model: String

    @Option(help: "The student's id.")
    var student: String?

    @Option(help: ArgumentHelp("The student's answers (responses CSV).", valueName: "file"))
    var answers: String?

    @Option(help: "Confidence of the intervals.")
    var confidence = 0.95

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard student != nil || answers != nil else { throw ValidationError("Name the student with --student ID, give their answers with --answers FILE, or both.") }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must be between 0 and 1") }
    }

    func run() throws {
        let recommender = try Recommender(modelPath: model)
        let (state, answerCount, label) = try studentState(recommender)
        let mastery = try recommender.mastery(of: state, confidence: confidence)
        if json {
            let report = StudentReport(student: label, answers: answerCount, confidence: confidence, skills: mastery.map(StudentReport.Skill.init))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print("Student \(label): \(answerCount.map { "\($0) answers folded in" } ?? "the model's estimate (no answers given)")")
        print("")
        let nameWidth = min(40, max(10, mastery.map { DisplayWidth.of($0.name) }.max() ?? 10))
        print(DisplayWidth.fit("skill", to: 8) + "  " + DisplayWidth.fit("name", to: nameWidth) + "  mastery")
        for skill in mastery {
            let filled = Int((skill.probability * 10).rounded())
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
            print(DisplayWidth.fit(skill.skillId, to: 8) + "  " + DisplayWidth.fit(skill.name, to: nameWidth) + "  " + bar
                  + String(format: "  %.2f (%.2f–%.2f)", skill.probability, skill.lower, skill.upper))
        }
    }

    /// The state from the student's answers, else the model's estimate of a trained student.
    private func studentState(_ recommender: Recommender) throws -> (Recommender.State, Int?, String) {
        guard let answers else {
            return (try recommender.student(student!), nil, student!)
        }
        let (data, _) = try ResponseLoader.load(path: answers)
        let index: Int
        if let student {
            guard let found = data.studentIds.index(of: student) else {
                throw ValidationError("student '\(student)' has no answers in \(answers)")
            }
            index = found
        } else {
            guard data.studentCount == 1 else {
                throw ValidationError("\(answers) holds \(data.studentCount) students: name one with --student ID")
            }
            index = 0
        }
        var records: [AnswerRecord] = []
        let rows = data.rows(ofStudent: index)
        var row = rows.lowerBound
        while row < rows.upperBound {
            var skills = [data.skillIds[Int(data.rowSkill[row])]]
            var next = row + 1
            while next < rows.upperBound, data.rowAnswer[next] == data.rowAnswer[row] {
                skills.append(data.skillIds[Int(data.rowSkill[next])])
                next += 1
            }
            records.append(AnswerRecord(skillIds: skills, itemId: data.hasItems ? data.itemIds[Int(data.rowItem[row])] : nil,
                                        outcome: Double(data.rowOutcome[row]), time: data.hasTimestamps ? data.rowTime[row] : nil))
            row = next
        }
        return (try recommender.state(after: records), records.count, data.studentIds[index])
    }
}

/// What `lotrinh-path student --json` prints.
struct StudentReport: Encodable {
    struct Skill: Encodable {
        var id: String
        var name: String
        var mastery: Double
        var lower: Double
        var upper: Double

        init(_ mastery: SkillMastery) {
            id = mastery.skillId
            name = mastery.name
            self.mastery = mastery.probability
            lower = mastery.lower
            upper = mastery.upper
        }
    }

    var student: String
    /// Answers folded in; nil when the model's own estimate was used.
    var answers: Int?
    var confidence: Double
    var skills: [Skill]
}
