import Foundation
import GRDB
import MasteryData
@testable import StudentStore
import XCTest

/// The answer log a service's durability rests on: what is acknowledged is stored once, a bad
/// batch stores nothing, concurrent appends share commits, and no raw student id reaches disk.
final class StudentStoreTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("student-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private var databasePath: String { folder.appendingPathComponent("answers.sqlite").path }

    private func pseudonymizer() throws -> Pseudonymizer {
        try Pseudonymizer(keyBytes: Array(0..<32))
    }

    private func event(_ id: String, student: String = "HS-0017", school: String = "A", skill: String = "T6.01",
                       outcome: Double = 1, at time: Double = 1_700_000_000, classId: String? = "6A") -> AnswerEvent {
        AnswerEvent(eventId: id, studentId: student, schoolId: school, classId: classId, skillId: skill, outcome: outcome, answeredAt: time)
    }

    func testAnswersComeBackInAnswerTimeOrderAfterReopening() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        // Sent out of time order: e2 was answered first.
        let receipt = try await store.append([event("e1", skill: "T6.01", at: 200), event("e2", skill: "T6.02", outcome: 0, at: 100),
                                              event("e3", skill: "T6.03", outcome: 0.5, at: 200)])
        XCTAssertEqual(receipt.stored, 3)
        XCTAssertEqual(receipt.duplicates, 0)
        try store.close()

        let reopened = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        let found = try reopened.student("HS-0017", inSchools: nil)
        XCTAssertEqual(found.map(\.schoolId), ["A"])
        XCTAssertEqual(found.first?.answerCount, 3)
        let answers = try reopened.answers(of: found[0].key)
        // By time; e1 and e3 share a time and keep their arrival order.
        XCTAssertEqual(answers.map(\.eventId), ["e2", "e1", "e3"])
        XCTAssertEqual(answers.map(\.outcome), [0, 1, 0.5])
        XCTAssertEqual(try reopened.students(ofClass: "6A", school: "A").map(\.storedId), [found[0].storedId])
        try reopened.close()
    }

    func testEveryFieldIsStoredAsSent() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: nil)
        // Multi-byte UTF-8 (the writer binds byte counts, not character counts), an empty class
        // and item (text, not NULL), and a missing class and item (NULL).
        let sent = [
            AnswerEvent(eventId: "sự-kiện-1", studentId: "HS-Đức", schoolId: "Trường A", classId: "", skillId: "Phân số",
                        itemId: "", outcome: 0.25, answeredAt: 1_700_000_000.5),
            AnswerEvent(eventId: "e2", studentId: "HS-Đức", schoolId: "Trường A", classId: nil, skillId: "T6.02",
                        itemId: nil, outcome: 1, answeredAt: 1_700_000_001),
        ]
        let receipt = try await store.append(sent)
        XCTAssertEqual(receipt.stored, 2)
        XCTAssertEqual(receipt.students, [StoredStudent.Key(schoolId: "Trường A", storedId: "HS-Đức")])
        let found = try store.student("HS-Đức", inSchools: nil)
        XCTAssertEqual(found.map(\.answerCount), [2])
        let stored = try store.answers(of: found[0].key)
        XCTAssertEqual(stored, [
            StoredAnswer(eventId: "sự-kiện-1", classId: "", skillId: "Phân số", itemId: "", outcome: 0.25, answeredAt: 1_700_000_000.5),
            StoredAnswer(eventId: "e2", classId: nil, skillId: "T6.02", itemId: nil, outcome: 1, answeredAt: 1_700_000_001),
        ])
        // Read back the same, a retry of both is recognised as the same answers.
        let retry = try await store.append(sent)
        XCTAssertEqual(retry.stored, 0)
        XCTAssertEqual(retry.duplicates, 2)
        XCTAssertEqual(retry.students, [])
        try store.close()
    }

    func testAStudentIsInTheClassTheirLatestEventNamed() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        _ = try await store.append([event("e1", classId: "6A")])
        let student = try store.student("HS-0017", inSchools: nil)[0].storedId
        // Events that name no class leave the student where they were...
        _ = try await store.append([event("e2", classId: nil), event("e3", classId: nil)])
        XCTAssertEqual(try store.students(ofClass: "6A", school: "A").map(\.storedId), [student])
        XCTAssertEqual(try store.students(ofClass: "6A", school: "A").map(\.answerCount), [3])
        // ...and the last event of a batch that names one decides.
        _ = try await store.append([event("e4", classId: "6B"), event("e5", classId: nil), event("e6", classId: "6C"), event("e7", classId: nil)])
        XCTAssertEqual(try store.students(ofClass: "6A", school: "A"), [])
        XCTAssertEqual(try store.students(ofClass: "6B", school: "A"), [])
        XCTAssertEqual(try store.students(ofClass: "6C", school: "A").map(\.answerCount), [7])
        try store.close()
    }

    func testTheFileIsPrivateAndHoldsPseudonymsOnly() async throws {
        let rawId = "HS-RAW-ID-4711"
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        _ = try await store.append((0..<20).map { event("e\($0)", student: rawId, at: Double($0)) })
        let found = try store.student(rawId, inSchools: ["A"])
        // The stored id is MasteryData's pseudonym of the raw id under the same key.
        XCTAssertEqual(found.first?.storedId, try pseudonymizer().pseudonym(for: rawId))
        let attributes = try FileManager.default.attributesOfItem(atPath: databasePath)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        // Every file SQLite wrote (database, WAL, shared memory), byte for byte, before the checkpoint at close.
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            XCTAssertNil(bytes.range(of: Data(rawId.utf8)), "\(name) holds the raw student id")
        }
        try store.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: databasePath))
        XCTAssertNil(bytes.range(of: Data(rawId.utf8)))
    }

    func testARetriedBatchIsStoredOnce() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        let batch = (0..<10).map { event("e\($0)", at: Double($0)) }
        _ = try await store.append(batch)
        let retry = try await store.append(batch + [event("e10", at: 10)])
        XCTAssertEqual(retry.stored, 1)
        XCTAssertEqual(retry.duplicates, 10)
        let counts = try store.eventCounts()
        XCTAssertEqual(counts.events, 11)
        XCTAssertEqual(counts.distinct, 11)
        // The same event id in another school is another event.
        let other = try await store.append([event("e0", school: "B", at: 0)])
        XCTAssertEqual(other.stored, 1)
        try store.close()
    }

    func testABatchWithAConflictingOrRepeatedEventStoresNothing() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        _ = try await store.append([event("e1", outcome: 1)])
        // e2 and e3 are new and valid, but e1 comes back with another outcome.
        do {
            _ = try await store.append([event("e2"), event("e1", outcome: 0), event("e3")])
            XCTFail("a conflicting event id was accepted")
        } catch {
            XCTAssertEqual(error, .eventIdConflict(eventId: "e1", index: 1))
        }
        do {
            _ = try await store.append([event("e4"), event("e5"), event("e4")])
            XCTFail("a repeated event id was accepted")
        } catch {
            XCTAssertEqual(error, .duplicateEventInBatch(eventId: "e4", first: 0, second: 2))
        }
        do {
            _ = try await store.append([event("e6"), event("e7", outcome: .nan)])
            XCTFail("a NaN outcome was accepted")
        } catch {
            XCTAssertEqual(error, .invalidEvent(index: 1, reason: "outcome nan is not in [0, 1]"))
        }
        for id in ["e2", "e3", "e4", "e5", "e6", "e7"] {
            XCTAssertFalse(try store.contains(eventId: id, school: "A"), "\(id) of a rejected batch was stored")
        }
        XCTAssertEqual(try store.student("HS-0017", inSchools: nil).first?.answerCount, 1)
        try store.close()
    }

    func testConcurrentAppendsShareCommitsAndAllArrive() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        let appends = 200
        try await withThrowingTaskGroup(of: AppendReceipt.self) { group in
            for batch in 0..<appends {
                let events = (0..<5).map { event("b\(batch)-\($0)", student: "S\(batch % 17)", at: Double($0)) }
                group.addTask { try await store.append(events) }
            }
            for try await receipt in group { XCTAssertEqual(receipt.stored, 5) }
        }
        XCTAssertEqual(try store.eventCounts().events, appends * 5)
        // Each transaction waits for an fsync; the appends queued meanwhile go into the next one.
        XCTAssertLessThan(store.commitCount, appends, "every append paid its own commit")
        // 17 students, each with the answers of the batches b ≡ student (mod 17).
        let counts = try (0..<17).map { try store.student("S\($0)", inSchools: nil).first?.answerCount }
        XCTAssertEqual(counts, (0..<17).map { s in (0..<appends).filter { $0 % 17 == s }.count * 5 })
        try store.close()
    }

    /// Batches that share a commit are written without a savepoint each, and written again each
    /// in its own when one of them fails: the failing batch must leave nothing behind (not its
    /// first rows, not its new student), and the batches beside it must all be stored.
    func testAFailingBatchAmongConcurrentOnesStoresNothingAndTheOthersAllArrive() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        _ = try await store.append([event("x", outcome: 1)])
        let appends = 200
        let failing = Set((0..<appends).filter { $0 % 10 == 3 })
        let outcomes = await withTaskGroup(of: (Int, Result<AppendReceipt, StoreError>).self) { group in
            for batch in 0..<appends {
                var events = (0..<5).map { event("c\(batch)-\($0)", student: "N\(batch)", at: Double($0)) }
                // The third event of a failing batch reuses the stored id "x" with another outcome.
                if failing.contains(batch) { events.insert(event("x", outcome: 0), at: 2) }
                group.addTask {
                    do throws(StoreError) { return (batch, .success(try await store.append(events))) } catch { return (batch, .failure(error)) }
                }
            }
            return await group.reduce(into: [Int: Result<AppendReceipt, StoreError>]()) { $0[$1.0] = $1.1 }
        }
        for batch in 0..<appends {
            switch outcomes[batch] {
            case .success(let receipt)?:
                XCTAssertFalse(failing.contains(batch), "batch \(batch) with a conflicting event was accepted")
                XCTAssertEqual(receipt.stored, 5)
                XCTAssertEqual(try store.student("N\(batch)", inSchools: nil).first?.answerCount, 5)
            case .failure(let error)?:
                XCTAssertTrue(failing.contains(batch), "batch \(batch) was refused: \(error)")
                XCTAssertEqual(error, .eventIdConflict(eventId: "x", index: 2))
                XCTAssertFalse(try store.contains(eventId: "c\(batch)-0", school: "A"), "a refused batch's first row was stored")
                XCTAssertTrue(try store.student("N\(batch)", inSchools: nil).isEmpty, "a refused batch's new student was stored")
            case nil:
                XCTFail("batch \(batch) got no answer")
            }
        }
        // "x" once, and five events from each batch that was accepted.
        XCTAssertEqual(try store.eventCounts().events, 1 + (appends - failing.count) * 5)
        XCTAssertLessThan(store.commitCount, appends, "the batches did not share commits")
        XCTAssertGreaterThan(store.isolatedRetryCount, 0, "no group was written again batch by batch")
        try store.close()
    }

    /// Each request about a stored student reads its row and its answers, and a class report its
    /// class's schools and students; each must find them through an index, or a province's
    /// requests each scan a table of hundreds of thousands.
    func testTheRequestsReadsGoThroughAnIndex() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        _ = try await store.append((0..<50).map { event("e\($0)", student: "HS-\($0 % 10)", school: $0 % 2 == 0 ? "A" : "B") })
        // A class's students are searched within their school (by its index or the primary key,
        // as SQLite judges): never a scan.
        let reads = [(StudentStore.studentLookup, "INDEX students_by_student"), (StudentStore.answersLookup, "INDEX answers_by_student"),
                     (StudentStore.classSchoolsLookup, "INDEX students_by_class_id"), (StudentStore.classStudentsLookup, "SEARCH students")]
        for (sql, search) in reads {
            let plan = try store.queryPlan(sql)
            XCTAssertTrue(plan.contains { $0.contains(search) }, "\(sql): \(plan)")
            XCTAssertFalse(plan.contains { $0.hasPrefix("SCAN") }, "\(sql): \(plan)")
        }
        // Every read comes in its order from the index: nothing is sorted.
        for sql in [StudentStore.studentLookup, StudentStore.answersLookup, StudentStore.classSchoolsLookup, StudentStore.classStudentsLookup] {
            XCTAssertFalse(try store.queryPlan(sql).contains { $0.contains("TEMP B-TREE") }, sql)
        }
        try store.close()
    }

    /// Writes a database file as an older version left it: its schema up to `version`, then `rows`.
    private func writeDatabase(upTo version: String, _ rows: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: databasePath)
        try StudentStore.migrator.migrate(queue, upTo: version)
        try queue.inDatabase { db in try db.inTransaction { try rows(db); return .commit } }
        try queue.close()
    }

    /// A database written by the first schema opens with the index added, its answers intact.
    func testAVersion1DatabaseIsMigrated() throws {
        let stored = try pseudonymizer().pseudonym(for: "HS-0017")
        try writeDatabase(upTo: "v1: answers and students") { db in
            try db.execute(sql: """
                INSERT INTO answers (school_id, event_id, student, class_id, skill_id, item_id, outcome, answered_at)
                VALUES ('A', 'old-1', ?, '6A', 'T6.01', NULL, 1, 100);
                INSERT INTO students (school_id, student, class_id, answers) VALUES ('A', ?, '6A', 1)
                """, arguments: [stored, stored])
        }
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        let plan = try store.queryPlan(StudentStore.studentLookup)
        XCTAssertTrue(plan.contains { $0.contains("INDEX students_by_student") }, "\(plan)")
        let found = try store.student("HS-0017", inSchools: nil)
        XCTAssertEqual(found.map(\.answerCount), [1])
        XCTAssertEqual(try store.answers(of: found[0].key).map(\.eventId), ["old-1"])
        try store.close()
    }

    /// A v2 file keeps every answer, in its order, with its student, school and class, when its
    /// answers come to name students by number (v3); the same stored id in two schools stays two
    /// students, and appends and retries work on the migrated file.
    func testAVersion2DatabaseIsMigratedWithEveryAnswerKept() async throws {
        let (first, second) = (try pseudonymizer().pseudonym(for: "HS-1"), try pseudonymizer().pseudonym(for: "HS-2"))
        XCTAssertEqual(try StudentStore.pendingUpgrades(at: databasePath), [], "no file yet: nothing to upgrade")
        try writeDatabase(upTo: "v2: students by stored id and by class id") { db in
            // Inserted out of answer-time order: seq keeps arrival, the read sorts by time then seq.
            for (event, student, school, classId, time) in [("a1", first, "A", "6A", 300.0), ("a2", second, "A", "6B", 100),
                                                           ("a3", first, "B", "7C", 200), ("a4", first, "A", "6A", 100),
                                                           ("a5", first, "A", "6A", 300)] {
                try db.execute(sql: """
                    INSERT INTO answers (school_id, event_id, student, class_id, skill_id, item_id, outcome, answered_at)
                    VALUES (?, ?, ?, ?, 'T6.01', 'item-' || ?, 1, ?)
                    """, arguments: [school, event, student, classId, event, time])
            }
            try db.execute(sql: """
                INSERT INTO students (school_id, student, class_id, answers)
                SELECT school_id, student, max(class_id), count(*) FROM answers GROUP BY school_id, student
                """)
        }
        XCTAssertEqual(try StudentStore.pendingUpgrades(at: databasePath), ["v3: answers name their student by number"])
        try upgradeWithoutOpening()
        XCTAssertEqual(try StudentStore.pendingUpgrades(at: databasePath), [])
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer())
        XCTAssertEqual(try store.eventCounts().events, 5)
        let inA = try store.student("HS-1", inSchools: ["A"])
        XCTAssertEqual(inA.map(\.answerCount), [3])
        XCTAssertEqual(try store.answers(of: inA[0].key).map(\.eventId), ["a4", "a1", "a5"])
        XCTAssertEqual(try store.answers(of: inA[0].key).map(\.itemId), ["item-a4", "item-a1", "item-a5"])
        XCTAssertEqual(try store.student("HS-1", inSchools: nil).map(\.schoolId), ["A", "B"])
        XCTAssertEqual(try store.answers(of: StoredStudent.Key(schoolId: "B", storedId: first)).map(\.eventId), ["a3"])
        XCTAssertEqual(try store.students(ofClass: "6B", school: "A").map(\.storedId), [second])
        XCTAssertEqual(try store.schools(ofClass: "7C", among: nil), ["B"])

        // A retry of a migrated event is a duplicate; the same id for another student is a conflict.
        let migratedA1 = AnswerEvent(eventId: "a1", studentId: "HS-1", schoolId: "A", classId: "6A", skillId: "T6.01",
                                     itemId: "item-a1", outcome: 1, answeredAt: 300)
        let retry = try await store.append([migratedA1, event("n1", student: "HS-1", at: 400)])
        XCTAssertEqual([retry.stored, retry.duplicates], [1, 1])
        do {
            // a2 as stored in everything but its student.
            _ = try await store.append([AnswerEvent(eventId: "a2", studentId: "HS-1", schoolId: "A", classId: "6B", skillId: "T6.01",
                                                    itemId: "item-a2", outcome: 1, answeredAt: 100)])
            XCTFail("an event id stored for another student was accepted")
        } catch StoreError.eventIdConflict {}
        XCTAssertEqual(try store.student("HS-1", inSchools: ["A"]).map(\.answerCount), [4])
        try store.close()
    }

    /// Upgrades the schema alone, then checks that the copy's pages left the log: its file is
    /// gone or empty.
    private func upgradeWithoutOpening() throws {
        try StudentStore.upgradeSchema(at: databasePath)
        let log = FileManager.default.fileExists(atPath: databasePath + "-wal")
            ? try FileManager.default.attributesOfItem(atPath: databasePath + "-wal")[.size] as? Int : 0
        XCTAssertEqual(log, 0, "the upgrade's copy is folded into the file and the log truncated")
    }

    /// An answer without its student's row (which no version of the store writes) stops the
    /// migration with the event named, and the file keeps its v2 tables.
    func testAVersion2AnswerWithoutAStudentRowStopsTheMigration() throws {
        try writeDatabase(upTo: "v2: students by stored id and by class id") { db in
            try db.execute(sql: """
                INSERT INTO answers (school_id, event_id, student, class_id, skill_id, item_id, outcome, answered_at)
                VALUES ('A', 'lost-1', 'someone', NULL, 'T6.01', NULL, 1, 100)
                """)
        }
        XCTAssertThrowsError(try StudentStore(path: databasePath, pseudonymizer: nil)) { error in
            XCTAssertTrue("\(error)".contains("1 stored answers have no student row"), "\(error)")
            XCTAssertTrue("\(error)".contains("event 'lost-1'"), "\(error)")
        }
        let queue = try DatabaseQueue(path: databasePath)
        XCTAssertEqual(try queue.read { try String.fetchOne($0, sql: "SELECT student FROM answers") }, "someone")
        try queue.close()
    }

    /// With SQLite's automatic checkpoint off, `WALCheckpointer` still runs checkpoints and the
    /// log still restarts, so it stays a fraction of a log that is never checkpointed. (Under
    /// load that never pauses, the restart also needs the writer's catch-up after each copy;
    /// BENCHMARKS.md shows the log growing without it, which these sequential appends do not.)
    func testTheLogIsCheckpointedOffTheCommitPathAndStaysBounded() async throws {
        // The same appends into a store whose threshold is never reached: its log keeps every frame.
        let unboundedPath = folder.appendingPathComponent("unbounded.sqlite").path
        let bounded = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer(), checkpointPages: 16)
        let unbounded = try StudentStore(path: unboundedPath, pseudonymizer: try pseudonymizer(), checkpointPages: 1 << 30)
        let appends = 300
        for batch in 0..<appends {
            let events = (0..<10).map { event("b\(batch)-\($0)", student: "S\((batch * 10 + $0) % 97)", at: Double(batch)) }
            _ = try await bounded.append(events)
            _ = try await unbounded.append(events)
        }
        XCTAssertGreaterThanOrEqual(bounded.checkpointCount, 2)
        XCTAssertEqual(unbounded.checkpointCount, 0)
        let logBytes = { (path: String) in try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as! Int }
        let (boundedLog, unboundedLog) = (try logBytes(databasePath), try logBytes(unboundedPath))
        XCTAssertLessThan(boundedLog * 4, unboundedLog, "the log was not restarted: \(boundedLog) bytes against \(unboundedLog)")
        for (store, path) in [(bounded, databasePath), (unbounded, unboundedPath)] {
            try store.close()
            let reopened = try StudentStore(path: path, pseudonymizer: try pseudonymizer())
            XCTAssertEqual(try reopened.eventCounts().events, appends * 10)
            try reopened.close()
        }
    }

    /// A checkpoint whose last round reached the log's end, while the writer was idle, lets the log
    /// start again at the next commit. The writer's catch-up must then be off: left due, it would
    /// make the writer copy a whole log inside a commit the next time the threshold is passed.
    func testALogThatStartedAgainLeavesNoCatchUpDue() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: try pseudonymizer(), checkpointPages: 16)
        // One commit takes the log past 16 pages, and a checkpoint starts. No appends while it
        // runs: its rounds reach the end of the log.
        _ = try await store.append((0..<300).map { event("e\($0)", student: "S\($0)") })
        let deadline = Date().addingTimeInterval(30)
        while store.checkpointCount == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        XCTAssertEqual(store.checkpointCount, 1, "no checkpoint ran past the threshold")
        XCTAssertTrue(store.checkpointCatchUpIsDue)
        // This commit starts the log again, a few pages long.
        _ = try await store.append([event("after", student: "S-after")])
        XCTAssertFalse(store.checkpointCatchUpIsDue, "a catch-up stayed due after the log started again")
        try store.close()
    }

    func testWithoutAKeyIdsAreStoredAsGivenAndScopesFilterSchools() async throws {
        let store = try StudentStore(path: databasePath, pseudonymizer: nil)
        _ = try await store.append([event("e1", school: "A"), event("e2", school: "B")])
        XCTAssertEqual(try store.student("HS-0017", inSchools: nil).map(\.schoolId), ["A", "B"])
        XCTAssertEqual(try store.student("HS-0017", inSchools: ["B"]).map(\.storedId), ["HS-0017"])
        XCTAssertEqual(try store.student("HS-0017", inSchools: ["C"]), [])
        XCTAssertEqual(try store.schools(ofClass: "6A", among: ["B", "C"]), ["B"])
        try store.close()
    }
}
