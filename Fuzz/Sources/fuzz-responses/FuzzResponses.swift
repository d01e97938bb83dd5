import FuzzSupport
import MasteryData

// responses.csv through the real loader, three ways: strict with the default limits; skipping
// invalid rows under small limits with a fixed skill catalog; and pseudonymized. Any input may
// be refused with an InputError; what is accepted must be internally consistent.

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
    ]
    for (catalog, options) in runs {
        guard let (responses, report) = try? ResponseLoader.load(path: scratch.path, catalog: catalog, options: options) else { continue }
        checkConsistent(responses)
        require(report.bytesRead <= Int64(size), "read \(report.bytesRead) bytes of \(size)")
    }
    return 0
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
