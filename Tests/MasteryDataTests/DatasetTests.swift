import LotrinhTestSupport
import MasteryData
import XCTest

final class DatasetTests: XCTestCase {
    private let directory = TemporaryDirectory("dataset")

    private func shared(_ folder: String, _ preset: DatasetPreset) throws -> Dataset {
        let files = try DatasetFiles(directory: try RepositoryPaths.sharedDataset(folder).path, preset: preset)
        return try Dataset.load(files, options: DatasetLoadOptions(mapping: preset.mapping))
    }

    // MARK: - The public datasets, read as published (counts from each SOURCE.txt)

    func testASSISTments2009MatchesItsSourceCounts() throws {
        let dataset = try shared("assist2009", .assistments)
        let summary = DatasetSummary(dataset)
        XCTAssertEqual(summary.rows, 325_589)
        XCTAssertEqual(summary.students, 4_150)
        XCTAssertEqual(summary.skills, 110)
        XCTAssertEqual(summary.items, 16_891)
        // SOURCE.txt: 274,539 answers when consecutive identical (student, problem, correct) rows merge;
        // 22 of those runs repeat a skill (the same question answered twice), which Lotrinh counts
        // as two answers: 274,539 + 22.
        XCTAssertEqual(summary.answers, 274_561)
        XCTAssertEqual(summary.splitCounts?.count, 5)
        // SOURCE.txt's correct rate 0.6585 is over rows.
        let rowRate = dataset.responses.rowOutcome.reduce(0) { $0 + Double($1) } / Double(summary.rows)
        XCTAssertEqual(rowRate, 0.6585, accuracy: 0.00005)
        XCTAssertEqual(summary.answersPerStudent.max, 1_040)
        XCTAssertFalse(summary.hasErrors)
        XCTAssertEqual(dataset.skills.names[dataset.skills.ids.index(of: "1")!], "Box and Whisker")
    }

    func testJunyi2015MatchesItsSourceCountsAndNamesTheCycle() throws {
        let dataset = try shared("junyi2015", .junyi)
        let summary = DatasetSummary(dataset)
        XCTAssertEqual(summary.rows, 353_835)
        XCTAssertEqual(summary.students, 10_000)
        XCTAssertEqual(summary.skills, 835)
        XCTAssertEqual(summary.skillsAnswered, 706)
        XCTAssertEqual(summary.meanOutcome, 0.6517, accuracy: 0.00005)
        XCTAssertEqual(summary.answersPerStudent.min, 15)
        XCTAssertEqual(summary.answersPerStudent.median, 27)
        XCTAssertEqual(summary.answersPerStudent.max, 235)
        XCTAssertEqual(summary.graph?.edges, 979)
        XCTAssertEqual(summary.graph?.isolated, 59)
        XCTAssertTrue(summary.hasErrors)
        let cycle = try XCTUnwrap(summary.graph?.cycles.first)
        XCTAssertEqual(summary.graph?.cycles.count, 1)
        let ids = dataset.skills.ids
        let names = ["simplifying_radicals", "adding_and_subtracting_radicals", "radical_multiplication_and_division"]
        let exerciseNames = try loadExerciseNames()
        for name in names {
            let index = try XCTUnwrap(exerciseNames.firstIndex(of: name))
            XCTAssertTrue(cycle.contains(dataset.skills.label(ids.index(of: String(index))!)), "\(name) missing from \(cycle)")
        }
        XCTAssertEqual(cycle.count, 4, "three skills, the first repeated at the end")
    }

    func testStatics2011MatchesItsSourceCounts() throws {
        let summary = DatasetSummary(try shared("statics2011", .statics))
        XCTAssertEqual(summary.rows, 189_297)
        XCTAssertEqual(summary.students, 333)
        XCTAssertEqual(summary.skills, 98)
        XCTAssertEqual(summary.items, 1_223)
        XCTAssertEqual(summary.meanOutcome, 0.7654, accuracy: 0.00005)
        XCTAssertEqual(summary.answersPerStudent.min, 5)
        XCTAssertEqual(summary.answersPerStudent.median, 634)
        XCTAssertEqual(summary.answersPerStudent.max, 1_181)
        XCTAssertEqual(summary.splitCounts, ["train": 130_184, "test": 59_113])
    }

    func testBundledJunyiWithCycleBroken() throws {
        let files = try DatasetFiles(directory: RepositoryPaths.bundledDatasets.appendingPathComponent("junyi2015").path, preset: .lotrinh)
        var dataset = try Dataset.load(files)
        XCTAssertEqual(dataset.responses.studentCount, 2_000)
        let removed = dataset.breakCycles()
        XCTAssertEqual(removed.count, 1)
        let graph = try XCTUnwrap(dataset.graph)
        XCTAssertEqual(graph.edgeCount, 978)
        let order = try graph.topologicalOrder()
        XCTAssertEqual(order.count, 835)
        let summary = DatasetSummary(dataset)
        XCTAssertFalse(summary.hasErrors)
        XCTAssertTrue(summary.problems.contains { $0.message.hasPrefix("removed the edge") })
    }

    /// exercises.csv in alphabetical order is exercise_idx order (SOURCE.txt).
    private func loadExerciseNames() throws -> [String] {
        let reader = try CSVReader(path: try RepositoryPaths.sharedDataset("junyi2015/exercises.csv").path)
        _ = try reader.nextRecord()
        var names: [String] = []
        while try reader.nextRecord() { names.append(reader.string(1)) }
        return names
    }

    // MARK: - Skills, prerequisites and resources files

    private func writeCurriculum(prerequisites: String = "prerequisite_id,skill_id\nA,B\nB,C\n",
                                 resources: String = "skill_id,title,url\nA,Bài giảng,https://example.edu.vn/a\n") -> DatasetFiles {
        DatasetFiles(
            responses: directory.write("responses.csv", "student_id,skill_id,correct\ns1,A,1\ns1,B,0\ns2,A,1\n"),
            skills: directory.write("skills.csv", "skill_id,name,topic\nA,Tập hợp,Số tự nhiên\nB,\"Lũy thừa, căn\",Số tự nhiên\nC,Số nguyên tố,\n"),
            prerequisites: directory.write("prerequisites.csv", prerequisites),
            resources: directory.write("resources.csv", resources))
    }

    func testCurriculumFilesAlignOnSkillIndices() throws {
        let dataset = try Dataset.load(writeCurriculum())
        XCTAssertEqual(dataset.skills.names, ["Tập hợp", "Lũy thừa, căn", "Số nguyên tố"])
        XCTAssertEqual(dataset.responses.skillCount, 3, "unanswered C keeps its index")
        XCTAssertEqual(dataset.responses.rowCount(ofSkill: 2), 0)
        XCTAssertEqual(try dataset.graph?.topologicalOrder(), [0, 1, 2])
        XCTAssertEqual(dataset.resources[0], [Resource(title: "Bài giảng", url: "https://example.edu.vn/a")])
    }

    func testUnknownSkillInPrerequisitesAndResourcesIsLocated() {
        XCTAssertThrowsError(try Dataset.load(writeCurriculum(prerequisites: "prerequisite_id,skill_id\nA,B\nB,Z\n"))) { error in
            let error = error as! InputError
            XCTAssertEqual(error.reason, .unknownSkill)
            XCTAssertTrue(error.file.hasSuffix("prerequisites.csv"))
            XCTAssertEqual(error.line, 3)
            XCTAssertEqual(error.column, 2)
            XCTAssertEqual(error.value, "Z")
        }
        XCTAssertThrowsError(try Dataset.load(writeCurriculum(resources: "skill_id,title,url\nQ,Video,https://x\n"))) { error in
            let error = error as! InputError
            XCTAssertEqual(error.reason, .unknownSkill)
            XCTAssertTrue(error.file.hasSuffix("resources.csv"))
            XCTAssertEqual(error.line, 2)
            XCTAssertEqual(error.value, "Q")
        }
    }

    func testDuplicateSkillNamesItsFirstLine() {
        let files = DatasetFiles(responses: directory.write("r.csv", "student_id,skill_id,correct\ns,A,1\n"),
                                 skills: directory.write("s.csv", "skill_id,name\nA,x\nB,y\nA,z\n"))
        XCTAssertThrowsError(try Dataset.load(files)) { error in
            let error = error as! InputError
            XCTAssertEqual(error.reason, .duplicateSkill)
            XCTAssertEqual(error.line, 4)
            XCTAssertTrue(error.expected.contains("line 2"))
        }
    }

    func testCycleIsAnErrorNamingEverySkill() throws {
        let dataset = try Dataset.load(writeCurriculum(prerequisites: "prerequisite_id,skill_id\nA,B\nB,C\nC,A\n"))
        let summary = DatasetSummary(dataset)
        XCTAssertTrue(summary.hasErrors)
        let message = try XCTUnwrap(summary.problems.first { $0.severity == .error }?.message)
        for name in ["Tập hợp (A)", "Lũy thừa, căn (B)", "Số nguyên tố (C)"] {
            XCTAssertTrue(message.contains(name), message)
        }
    }

    func testMissingResponsesFileInDatasetFolder() {
        XCTAssertThrowsError(try DatasetFiles(directory: directory.path("nowhere"), preset: .lotrinh)) { error in
            XCTAssertEqual((error as! InputError).reason, .unreadable)
            XCTAssertTrue((error as! InputError).file.hasSuffix("responses.csv"))
        }
    }
}
