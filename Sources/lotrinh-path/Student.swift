import ArgumentParser
import Foundation
import LearningPaths
import MasteryData
import Recommend

struct Student: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A student's next learning path, and their mastery of every skill.",
        discussion: """
        From the student's answers (--answers, a responses CSV in Lotrinh's layout; the rows of \
        --student are used when it holds several students), or from the model's own estimate of a \
        student it was trained on (--student alone; practice counts are then not known).

        The path lists the skills to learn next, each after its prerequisites: a skill counts as \
        mastered when its whole interval is at or above --threshold.

        Examples:
          lotrinh-path student --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 17
          lotrinh-path student --model models/vn-grade6.lotrinh --student 17 --goals T6.26,T6.30 --resources datasets/vn-grade6/resources.csv
          lotrinh-path student --model models/vn-grade6.lotrinh --student 17 --mastery --json
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

    @Option(help: ArgumentHelp("Skills to reach, comma-separated ids (default: every skill).", valueName: "ids"))
    var goals: String?

    @Option(help: "Mastery threshold.")
    var threshold = 0.8

    @Option(help: "Show at most this many steps.")
    var maxSteps: Int?

    @Option(help: ArgumentHelp("Learning material to show beside steps (skill_id, title, url).", valueName: "file"))
    var resources: String?

    @Option(help: ArgumentHelp("Skills file, for topics (a path stays on one topic when it can).", valueName: "file"))
    var skills: String?

    @Flag(help: "Also list the mastery of every skill.")
    var mastery = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard student != nil || answers != nil else { throw ValidationError("Name the student with --student ID, give their answers with --answers FILE, or both.") }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must be between 0 and 1") }
    }

    func run() throws {
        let model = try Recommender(modelPath: self.model)
        let recommender = try Recommender(model: model.model, resources: try loadResources(for: model),
                                          topics: try loadTopics(for: model))
        let (state, answerCount, label) = try studentState(recommender)
        let masteries = try recommender.mastery(of: state, confidence: confidence)
        let request = PathRequest(goals: goals.map { $0.split(separator: ",").map(String.init) }, threshold: threshold,
                                  confidence: confidence, maximumSteps: maxSteps)
        let path = try recommender.path(for: state, request: request)
        let names = recommender.model.metadata.skillNames
        let ids = recommender.model.metadata.skillIds
        if json {
            let report = StudentReport(student: label, answers: answerCount, confidence: confidence, threshold: threshold,
                                       path: path, ids: ids, names: names, skills: mastery ? masteries.map(StudentReport.Skill.init) : nil)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print(StudentText(label: label, answerCount: answerCount, threshold: threshold, confidence: confidence,
                          path: path, masteries: masteries, ids: ids, names: names, showMastery: mastery).render())
    }

    private func loadResources(for recommender: Recommender) throws -> [[Resource]]? {
        guard let resources else { return nil }
        var lists = [[Resource]](repeating: [], count: recommender.model.skillCount)
        let reader = try CSVReader(path: resources)
        guard try reader.nextRecord() else { return lists }
        let header = reader.strings()
        guard let skillColumn = header.firstIndex(of: "skill_id"), let titleColumn = header.firstIndex(of: "title"),
              let urlColumn = header.firstIndex(of: "url") else {
            throw ValidationError("\(resources) needs the columns skill_id, title, url (it has \(header.joined(separator: ", ")))")
        }
        while try reader.nextRecord() {
            guard reader.fieldCount == header.count else { throw ValidationError("\(resources):\(reader.line): \(reader.fieldCount) fields, expected \(header.count)") }
            guard let skill = recommender.model.skillIndex.index(of: reader.string(skillColumn)) else {
                throw ValidationError("\(resources):\(reader.line): skill '\(reader.string(skillColumn))' is not in the model")
            }
            lists[skill].append(Resource(title: reader.string(titleColumn), url: reader.string(urlColumn)))
        }
        return lists
    }

    private func loadTopics(for recommender: Recommender) throws -> [String]? {
        guard let skills else { return nil }
        let (catalog, _) = try SkillCatalog.load(path: skills, mapping: ColumnMapping())
        return recommender.model.metadata.skillIds.map { id in catalog.ids.index(of: id).map { catalog.topics[$0] } ?? "" }
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
        let records = data.answerRows(ofStudent: index).map { rows in
            AnswerRecord(skillIds: rows.map { data.skillIds[Int(data.rowSkill[$0])] },
                         itemId: data.hasItems ? data.itemIds[Int(data.rowItem[rows.lowerBound])] : nil,
                         outcome: Double(data.rowOutcome[rows.lowerBound]),
                         time: data.hasTimestamps ? data.rowTime[rows.lowerBound] : nil)
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

    struct Step: Encodable {
        var step: Int
        var id: String
        var name: String
        var mastery: Double
        var lower: Double
        var upper: Double
        var estimatedPractice: Int
        var isGoal: Bool
        var unlocksGoals: Int
        var prerequisites: [String]
        var reason: String
        var explanation: String
        var resources: [Resource]
    }

    var student: String
    /// Answers folded in; nil when the model's own estimate was used.
    var answers: Int?
    var confidence: Double
    var threshold: Double
    var graphGiven: Bool
    var mastered: Int
    var ready: Int
    var blocked: Int
    var omittedByLength: Int
    var path: [Step]
    var skills: [Skill]?

    init(student: String, answers: Int?, confidence: Double, threshold: Double, path: LearningPath, ids: [String],
         names: [String], skills: [Skill]?) {
        self.student = student
        self.answers = answers
        self.confidence = confidence
        self.threshold = threshold
        graphGiven = path.graphGiven
        mastered = path.skills(in: .mastered).count
        ready = path.skills(in: .ready).count
        blocked = path.skills(in: .blocked).count
        omittedByLength = path.omittedByLength
        self.path = path.steps.enumerated().map { index, step in
            Step(step: index + 1, id: ids[step.skill], name: names[step.skill], mastery: step.mastery, lower: step.lower,
                 upper: step.upper, estimatedPractice: step.estimatedPractice, isGoal: step.isGoal,
                 unlocksGoals: step.unlockedGoals.count, prerequisites: step.prerequisites.map { ids[$0] },
                 reason: step.reason.sentence(skillName: names[step.skill]),
                 explanation: path.explanation(ofStepAt: index) { names[$0] }, resources: step.resources)
        }
        self.skills = skills
    }
}
