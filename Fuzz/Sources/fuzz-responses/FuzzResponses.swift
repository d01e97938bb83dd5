import FuzzSupport
import MasteryData

// responses.csv through the real loader, five ways: strict with the default limits; skipping
// invalid rows under small limits with a fixed skill catalog; pseudonymized; and converted from
// Windows-1258 and from UTF-16. Any input may be refused with an InputError; what is accepted must
// be internally consistent. Each accepted file is then loaded as a dataset of its own (skills taken
// from the answers) and its summary's counts are checked against the data: ids that collapsed into
// one name once made the catalog shorter than the answers and the summary trap.

private let scratch = ScratchFile("responses.csv")

private let catalog: SkillCatalog = {
    var catalog = SkillCatalog()
    for id in ["T6.01", "T6.02", "a", "b"] { catalog.add(id: id) }
    return catalog
}()

private let pseudonymizer = try! Pseudonymizer(keyBytes: [UInt8](repeating: 0x5A, count: 32))

func fuzzResponses(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    scratch.write(inputBytes(data, size))
    let runs: [(SkillCatalog?, ResponseLoadOptions)] = [
        (nil, ResponseLoadOptions()),
        (catalog, ResponseLoadOptions(skipInvalid: true, limits: smallLimits)),
        (nil, ResponseLoadOptions(skipInvalid: true, pseudonymize: { pseudonymizer.pseudonym(for: $0) })),
        (nil, ResponseLoadOptions(skipInvalid: true, format: InputFormat(encoding: .windows1258))),
        (nil, ResponseLoadOptions(skipInvalid: true, format: InputFormat(encoding: .utf16))),
    ]
    for (catalog, options) in runs {
        guard let (responses, report) = try? ResponseLoader.load(path: scratch.path, catalog: catalog, options: options) else { continue }
        checkConsistent(responses)
        // Transcoding may write up to 3 UTF-8 bytes per input byte (U+20AC from one Windows byte);
        // a file with a UTF-16 byte order mark is transcoded without being asked (U+FFFF: 2 bytes in, 3 out).
        let startsWithUTF16Mark = size >= 2 && ((data![0] == 0xFF && data![1] == 0xFE) || (data![0] == 0xFE && data![1] == 0xFF))
        let bound = Int64(size) * (options.format.encoding == nil && !startsWithUTF16Mark ? 1 : 3)
        require(report.bytesRead <= bound, "read \(report.bytesRead) bytes of \(size)")
        if catalog == nil { checkSummary(options) }
    }
    return 0
}

/// The dataset summary and the skill catalog built from the answers agree with the data.
private func checkSummary(_ options: ResponseLoadOptions) {
    let datasetOptions = DatasetLoadOptions(skipInvalid: options.skipInvalid, format: options.format)
    guard let dataset = try? Dataset.load(DatasetFiles(responses: scratch.path), options: datasetOptions) else { return }
    let responses = dataset.responses
    let skills = dataset.skills
    require(skills.count == responses.skillCount, "catalog has \(skills.count) skills, the answers \(responses.skillCount)")
    require(skills.names.count == skills.count)
    for skill in 0..<skills.count {
        require(skills.ids.index(of: skills.ids[skill]) == skill, "skill id \(skill) does not find itself")
        require(skills.ids[skill] == responses.skillIds[skill], "catalog and answers name skill \(skill) differently")
    }
    for student in 0..<responses.studentCount {
        require(responses.studentIds.index(of: responses.studentIds[student]) == student, "student id \(student) does not find itself")
    }
    let summary = DatasetSummary(dataset, minAnswersPerSkill: 3)
    require(summary.rows == responses.rowCount && summary.answers == responses.answerCount)
    require(summary.students == responses.studentCount && summary.skills == skills.count)
    let answered = (0..<responses.skillCount).filter { responses.rowCount(ofSkill: $0) > 0 }
    require(summary.skillsAnswered == answered.count, "summary says \(summary.skillsAnswered) answered skills, the data \(answered.count)")
    require(summary.thinSkills.allSatisfy { thin in
        skills.ids.index(of: thin.id).map { responses.rowCount(ofSkill: $0) == thin.answers && thin.answers < 3 } ?? false
    }, "a thin skill's count differs from the data")
    require(summary.answersPerSkill.max <= responses.rowCount && summary.answersPerStudent.max <= responses.answerCount)
    require((summary.splitCounts?.values.reduce(0, +) ?? responses.rowCount) == responses.rowCount)
}

/// The invariants every consumer of ResponseData relies on without checking.
private func checkConsistent(_ responses: ResponseData) {
    let rows = responses.rowCount
    require(rows > 0 && responses.rowStudent.count == rows && responses.rowOutcome.count == rows && responses.rowAnswer.count == rows)
    require(responses.rowStudent.allSatisfy { Int($0) < responses.studentCount })
    require(responses.rowSkill.allSatisfy { Int($0) < responses.skillCount })
    require(responses.rowOutcome.allSatisfy { $0.isFinite && (0...1).contains($0) })
    require(!responses.hasItems || responses.rowItem.allSatisfy { Int($0) < responses.itemIds.count })
    var covered = 0
    for student in 0..<responses.studentCount {
        for answer in responses.answerRows(ofStudent: student) {
            require(!answer.isEmpty && answer.allSatisfy { Int(responses.rowStudent[$0]) == student })
            covered += answer.count
        }
    }
    require(covered == rows, "answers cover \(covered) of \(rows) rows")
    require((0..<responses.skillCount).reduce(0) { $0 + responses.rowCount(ofSkill: $1) } == rows)
    _ = responses.fingerprint()
}
