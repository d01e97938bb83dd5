import Foundation
import Simulation
import XCTest

final class GeneratorTests: XCTestCase {
    private var directories: [TemporaryDirectory] = []

    override func tearDown() {
        directories.forEach { $0.remove() }
    }

    private func generate(
        _ config: SyntheticDataset, curriculum: Curriculum = .vietnameseGrade6Math,
        progress: ((Double) -> Void)? = nil
    ) throws -> (TemporaryDirectory, SyntheticGenerator.Summary) {
        let directory = try TemporaryDirectory("generator")
        directories.append(directory)
        let output = directory.file("dataset")  // not created yet: the generator creates it
        let summary = try SyntheticGenerator.write(to: output, curriculum: curriculum, config: config, progress: progress)
        return (TemporaryDirectory(existing: output), summary)
    }

    private static let small = SyntheticDataset(
        students: 120, answers: .perStudent(mean: 60), rank: 3, itemsPerSkill: 5, seed: 11,
        multiSkillFraction: 0.25, schools: 3, classesPerSchool: 2)

    func testSameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws {
        let (first, _) = try generate(Self.small)
        let (second, _) = try generate(Self.small)
        var reseeded = Self.small
        reseeded.seed = 12
        let (third, _) = try generate(reseeded)
        for name in DatasetFile.all {
            let bytes = try Data(contentsOf: first.file(name))
            XCTAssertFalse(bytes.isEmpty, name)
            XCTAssertEqual(bytes, try Data(contentsOf: second.file(name)), "\(name) differs between runs with one seed")
        }
        for name in [DatasetFile.responses, DatasetFile.truthStudents, DatasetFile.truthSkills, DatasetFile.truthItems, DatasetFile.truthManifest] {
            XCTAssertNotEqual(try Data(contentsOf: first.file(name)), try Data(contentsOf: third.file(name)), "\(name) ignores the seed")
        }
        XCTAssertEqual(try Data(contentsOf: first.file(DatasetFile.skills)), try Data(contentsOf: third.file(DatasetFile.skills)))
    }

    func testSkillSideOfTheTruthDoesNotDependOnTheNumberOfStudents() throws {
        var more = Self.small
        more.students = 150
        let (first, _) = try generate(Self.small)
        let (second, _) = try generate(more)
        for name in [DatasetFile.truthSkills, DatasetFile.truthItems] {
            XCTAssertEqual(try Data(contentsOf: first.file(name)), try Data(contentsOf: second.file(name)), name)
        }
        // Student streams are per student too: the first students are the same people.
        let firstStudents = try readCSV(first.file(DatasetFile.truthStudents)).rows
        XCTAssertEqual(Array(try readCSV(second.file(DatasetFile.truthStudents)).rows.prefix(firstStudents.count)), firstStudents)
    }

    func testSummaryCountsMatchTheFiles() throws {
        let (directory, summary) = try generate(Self.small)
        let answers = try readAnswers(directory.file(DatasetFile.responses))
        let rows = try readCSV(directory.file(DatasetFile.responses)).rows

        XCTAssertEqual(summary.answers, 120 * 60)
        XCTAssertEqual(answers.count, summary.answers)
        XCTAssertEqual(rows.count, summary.responseRows)
        XCTAssertEqual(rows.count, answers.reduce(0) { $0 + $1.skills.count })
        XCTAssertEqual(answers.count(where: \.correct), summary.correctAnswers)
        XCTAssertEqual(summary.correctRate, 0.65, accuracy: 0.06)
        XCTAssertEqual(try readCSV(directory.file(DatasetFile.truthStudents)).rows.count, summary.students)
        XCTAssertEqual(Set(answers.map(\.student)).count, summary.students)
        XCTAssertEqual(try readCSV(directory.file(DatasetFile.skills)).rows.count, summary.skills)
        XCTAssertEqual(try readCSV(directory.file(DatasetFile.truthSkills)).rows.count, summary.skills)
        XCTAssertEqual(try readCSV(directory.file(DatasetFile.truthItems)).rows.count, summary.items)
        XCTAssertEqual(summary.items, summary.skills * 5)
        XCTAssertEqual(try readCSV(directory.file(DatasetFile.prerequisites)).rows.count, summary.prerequisites)
        XCTAssertEqual(try readCSV(directory.file(DatasetFile.resources)).rows.count, summary.resources)

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file(DatasetFile.truthManifest))) as! [String: Any]
        XCTAssertEqual(manifest["mu"] as? Double, summary.globalBias)
        XCTAssertEqual(manifest["rank"] as? Int, 3)
        XCTAssertEqual(manifest["seed"] as? Int, 11)
        XCTAssertEqual((manifest["counts"] as? [String: Any])?["responseRows"] as? Int, summary.responseRows)

        // The manifest carries the whole configuration, enough to regenerate the dataset.
        let configJSON = try JSONSerialization.data(withJSONObject: try XCTUnwrap(manifest["config"]))
        XCTAssertEqual(try JSONDecoder().decode(SyntheticDataset.self, from: configJSON), Self.small)
    }

    func testCurriculumFilesRoundTrip() throws {
        let (directory, _) = try generate(Self.small)
        let curriculum = Curriculum.vietnameseGrade6Math
        let skills = try readCSV(directory.file(DatasetFile.skills))
        XCTAssertEqual(skills.header, ["skill_id", "name", "subject", "grade", "topic"])
        XCTAssertEqual(skills.rows, curriculum.skillRows.map { [$0.id, $0.name, $0.subject, $0.grade, $0.topic] })
        let prerequisites = try readCSV(directory.file(DatasetFile.prerequisites))
        XCTAssertEqual(prerequisites.header, ["prerequisite_id", "skill_id"])
        XCTAssertEqual(prerequisites.rows, curriculum.edgeRows.map { [$0.prerequisiteID, $0.skillID] })
        let resources = try readCSV(directory.file(DatasetFile.resources))
        XCTAssertEqual(resources.header, ["skill_id", "title", "url"])
        XCTAssertEqual(resources.rows, curriculum.resourceRows.map { [$0.skillID, $0.title, $0.url] })
        // The comma in "Dấu hiệu chia hết cho 2, cho 5" must have been quoted.
        let raw = try String(contentsOf: directory.file(DatasetFile.skills), encoding: .utf8)
        XCTAssertTrue(raw.contains("T6.09,\"Dấu hiệu chia hết cho 2, cho 5\",Toán,6,Số tự nhiên\n"))
    }

    func testEachStudentsAnswersAreContiguousAndInOrder() throws {
        let (directory, _) = try generate(Self.small)
        let answers = try readAnswers(directory.file(DatasetFile.responses))
        var seenStudents: Set<Int> = []
        var previous: RecordedAnswer?
        for answer in answers {
            if let previous, previous.student == answer.student {
                XCTAssertEqual(answer.order, previous.order + 1, "orders of student \(answer.student) go 1, 2, 3, …")
                XCTAssertEqual(answer.classID, previous.classID)
            } else {
                XCTAssertTrue(seenStudents.insert(answer.student).inserted, "student \(answer.student) appears twice")
                XCTAssertEqual(answer.order, 1)
            }
            XCTAssertTrue((1...3).contains(answer.school))
            XCTAssertEqual((answer.classID - 1) / 2 + 1, answer.school, "class ids are unique across schools")
            XCTAssertEqual(answer.grade, 6)
            previous = answer
        }
    }

    func testMultiSkillQuestionsAreTwoRowsOfOneItem() throws {
        let (directory, summary) = try generate(Self.small)
        let curriculum = Curriculum.vietnameseGrade6Math
        let skillRow = Dictionary(uniqueKeysWithValues: curriculum.skillRows.enumerated().map { ($1.id, $0) })
        let prerequisites = Set(curriculum.edgeRows.map { [$0.prerequisiteID, $0.skillID] })
        let answers = try readAnswers(directory.file(DatasetFile.responses))
        var skillsByItem: [Int: [String]] = [:]
        for answer in answers {
            XCTAssertTrue((1...2).contains(answer.skills.count))
            // An item belongs to the skill of its first row (ids are grouped by skill).
            XCTAssertEqual((answer.item - 1) / 5, skillRow[answer.skills[0]], "item \(answer.item)")
            if answer.skills.count == 2 {
                XCTAssertNotEqual(answer.skills[0], answer.skills[1])
                let root = !curriculum.edgeRows.contains { $0.skillID == answer.skills[0] }
                XCTAssertTrue(root || prerequisites.contains([answer.skills[1], answer.skills[0]]),
                              "the second skill of a non-root item is one of its prerequisites")
            }
            if let known = skillsByItem.updateValue(answer.skills, forKey: answer.item) {
                XCTAssertEqual(known, answer.skills, "an item keeps its tags for every student")
            }
        }
        let multiSkillAnswers = answers.count(where: { $0.skills.count == 2 })
        XCTAssertEqual(summary.responseRows - summary.answers, multiSkillAnswers)
        XCTAssertGreaterThan(multiSkillAnswers, 0)
        XCTAssertGreaterThan(summary.multiSkillItems, 0)
    }

    func testWithoutSkippingAheadSkillsStartAfterAllTheirPrerequisites() throws {
        var config = Self.small
        config.walk.skipAheadProbability = 0
        config.multiSkillFraction = 0
        let (directory, _) = try generate(config)
        let prerequisitesOf = Dictionary(grouping: Curriculum.vietnameseGrade6Math.edgeRows, by: \.skillID)
        var startedByStudent: [Int: Set<String>] = [:]
        for answer in try readAnswers(directory.file(DatasetFile.responses)) {
            let skill = answer.skills[0]
            var started = startedByStudent[answer.student, default: []]
            if !started.contains(skill) {
                for edge in prerequisitesOf[skill] ?? [] {
                    XCTAssertTrue(started.contains(edge.prerequisiteID),
                                  "student \(answer.student) started \(skill) before \(edge.prerequisiteID)")
                }
                started.insert(skill)
            }
            startedByStudent[answer.student] = started
        }
    }

    func testTotalTargetAndRandomCurriculum() throws {
        let curriculum = try Curriculum.random(skills: 300, averagePrerequisites: 1.5, seed: 5)
        let config = SyntheticDataset(students: 50, answers: .total(4_321), rank: 0, itemsPerSkill: 2, seed: 3)
        var reports: [Double] = []
        let (directory, summary) = try generate(config, curriculum: curriculum) { reports.append($0) }
        XCTAssertEqual(summary.answers, 4_321)
        XCTAssertEqual(try readAnswers(directory.file(DatasetFile.responses)).count, 4_321)
        XCTAssertEqual(try readCSV(directory.file(DatasetFile.truthStudents)).header, ["student_id", "bias"])
        XCTAssertEqual(reports.last, 1)
        XCTAssertEqual(reports, reports.sorted(), "progress never goes back")
        XCTAssertFalse(reports.isEmpty)
    }

    func testInvalidRequestsThrow() throws {
        let directory = try TemporaryDirectory("invalid")
        defer { directory.remove() }
        for broken in [
            SyntheticDataset(students: 0),
            SyntheticDataset(students: 10, answers: .total(5)),
            SyntheticDataset(itemsPerSkill: 0),
            SyntheticDataset(multiSkillFraction: 1.5),
            SyntheticDataset(targetCorrectRate: 1),
        ] {
            XCTAssertThrowsError(try SyntheticGenerator.write(to: directory.url, curriculum: .vietnameseGrade6Math, config: broken)) {
                XCTAssertTrue($0 is SimulationError, "\($0)")
            }
        }
        // A directory path that runs through a regular file cannot be created.
        XCTAssertTrue(FileManager.default.createFile(atPath: directory.file("plain").path, contents: Data()))
        XCTAssertThrowsError(try SyntheticGenerator.write(
            to: directory.file("plain").appendingPathComponent("out"), curriculum: .vietnameseGrade6Math, config: Self.small))
    }

    func testDemoConfigurationGenerates() throws {
        var config = SyntheticDataset.vietnameseGrade6Demo(students: 40)
        config.answers = .perStudent(mean: 30)
        let (_, summary) = try generate(config)
        XCTAssertEqual(summary.answers, 1_200)
        XCTAssertGreaterThan(summary.multiSkillItems, 0)
    }
}

extension TemporaryDirectory {
    /// Wraps a directory created elsewhere (its removal is the creator's job).
    init(existing url: URL) {
        self.url = url
    }
}
