import Foundation
import GRDB
import MasteryData

/// The service's durable answer log: every accepted answer event in one SQLite file, so one
/// school or a whole province needs no database server.
///
/// Built on GRDB rather than sqlite-nio or a hand-written binding over `libsqlite3`: GRDB gives
/// versioned migrations (`DatabaseMigrator`), a WAL connection pool whose readers never wait for
/// the writer (`DatabasePool`), savepoints and typed statement arguments, all synchronous and
/// `Sendable`, which is what group commit needs (one writer thread batching transactions), with
/// nothing of SwiftNIO's event loops to thread through a library that is not a server.
///
/// Durability: WAL with `synchronous = FULL`, so a transaction is on disk (the WAL fsynced) when
/// ``append(_:)`` returns. Concurrent appends share one transaction and so one fsync (group
/// commit, see ``CommitQueue``); a bad batch stores nothing and does not disturb the others.
/// Student ids are replaced by their pseudonyms (HMAC-SHA256 with the operator's key,
/// MasteryData's ``Pseudonymizer``) before any statement sees them. The file is created 0600.
public final class StudentStore: Sendable {
    /// The database file.
    public let path: String
    /// Nil: ids are stored as given.
    public let pseudonymizer: Pseudonymizer?
    private let pool: DatabasePool
    private let commits: CommitQueue
    private let checkpointer: WALCheckpointer

    /// Opens (creating when absent) the store at `path` and brings its schema up to date.
    public convenience init(path: String, pseudonymizer: Pseudonymizer?) throws(StoreError) {
        try self.init(path: path, pseudonymizer: pseudonymizer, checkpointPages: 10_000)
    }

    /// The same, with WAL checkpoints due past `checkpointPages` pages in the log (``WALCheckpointer``).
    init(path: String, pseudonymizer: Pseudonymizer?, checkpointPages: Int) throws(StoreError) {
        self.path = path
        self.pseudonymizer = pseudonymizer
        if !FileManager.default.fileExists(atPath: path) {
            // Before SQLite creates it with the umask's permissions; the WAL inherits these.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw .database("cannot create \(path)")
            }
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if !db.configuration.readonly {
                // The writer's page cache (SQLite's default is 2 MB): each answer goes into its
                // student's place in `answers_by_student`, a page at random among tens of
                // megabytes, and with the default most of them were read back from the file
                // (`pread`, 7 % of the server's CPU under ingest). The readers keep the default.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                // When a batch of a group fails, each batch is written again as a savepoint, and a
                // savepoint keeps the first version of every page it changes in a statement
                // journal, which past 64 KB spilled to a temporary file (when every batch was a
                // savepoint, two thirds of the writer's write calls under ingest went there). In
                // memory they are a copy per page (a batch of 50 answers changes a few hundred KB).
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
        }
        let pool: DatabasePool, checkpointer: WALCheckpointer
        do {
            try Self.upgradeSchema(at: path)
            pool = try DatabasePool(path: path, configuration: configuration)
            checkpointer = try WALCheckpointer(path: path, thresholdPages: checkpointPages)
            try pool.writeWithoutTransaction { try checkpointer.watch($0) }
        } catch {
            throw .database("\(path): \(error)")
        }
        self.pool = pool
        self.checkpointer = checkpointer
        commits = CommitQueue(pool: pool)
    }

    /// The schema, one migration per version; a migration once released is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: answers and students") { db in
            try db.execute(sql: """
                CREATE TABLE answers (
                    seq INTEGER PRIMARY KEY,
                    school_id TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    student TEXT NOT NULL,
                    class_id TEXT,
                    skill_id TEXT NOT NULL,
                    item_id TEXT,
                    outcome REAL NOT NULL,
                    answered_at REAL NOT NULL,
                    UNIQUE (school_id, event_id)
                );
                CREATE INDEX answers_by_student ON answers (school_id, student, answered_at, seq);
                CREATE TABLE students (
                    school_id TEXT NOT NULL,
                    student TEXT NOT NULL,
                    class_id TEXT,
                    answers INTEGER NOT NULL,
                    PRIMARY KEY (school_id, student)
                ) WITHOUT ROWID;
                CREATE INDEX students_by_class ON students (school_id, class_id);
                """)
        }
        // Every stored student's request looks the student up by stored id alone (the schools come
        // from the API key), which the primary key (school_id, student) cannot serve: v1 scanned
        // the whole table on each request, a millisecond per 10,000 students. A class report looks
        // its class up by id alone too.
        migrator.registerMigration("v2: students by stored id and by class id") { db in
            try db.execute(sql: """
                CREATE INDEX students_by_student ON students (student, school_id);
                CREATE INDEX students_by_class_id ON students (class_id, school_id);
                """)
        }
        migrator.registerMigration("v3: answers name their student by number") { db in
            try migrateToStudentNumbers(db)
        }
        return migrator
    }

    /// The id written to disk for a school's student id.
    public func storedId(of studentId: String) -> String {
        pseudonymizer?.pseudonym(for: studentId) ?? studentId
    }

    /// Stores a batch durably: returns once its transaction is on disk. The whole batch or
    /// nothing: an event id twice in the batch, or already stored with other content, throws and
    /// stores none of it.
    public func append(_ events: [AnswerEvent]) async throws(StoreError) -> AppendReceipt {
        var firstIndex: [String: Int] = [:]
        var batch = PendingBatch()
        batch.rows.reserveCapacity(events.count)
        // Everything that hashes or allocates is done here, on the caller's thread: the one
        // writer thread, which every batch waits for, only binds and steps statements.
        var slotOfStudent: [StoredStudent.Key: Int] = [:]
        for (index, event) in events.enumerated() {
            guard !event.eventId.isEmpty, !event.studentId.isEmpty, !event.schoolId.isEmpty, !event.skillId.isEmpty else {
                throw .invalidEvent(index: index, reason: "eventId, studentId, schoolId and skillId must not be empty")
            }
            // SQLite keeps a NUL inside a text value, but it is read back as a C string, cut at
            // the NUL: the answer would come back with another id, and its retry would be taken
            // for a different event. (Checked first, so that the key below, which joins the two
            // ids with a NUL, cannot make two events one.)
            if let name = Self.idHoldingNul(event) {
                throw .invalidEvent(index: index, reason: "\(name) contains the NUL character (U+0000), which no id may hold")
            }
            let key = event.schoolId + "\u{0}" + event.eventId
            if let first = firstIndex[key] { throw .duplicateEventInBatch(eventId: event.eventId, first: first, second: index) }
            firstIndex[key] = index
            guard event.outcome >= 0, event.outcome <= 1 else {
                throw .invalidEvent(index: index, reason: "outcome \(event.outcome) is not in [0, 1]")
            }
            guard event.answeredAt.isFinite else { throw .invalidEvent(index: index, reason: "answeredAt is not a finite time") }
            let student = StoredStudent.Key(schoolId: event.schoolId, storedId: storedId(of: event.studentId))
            let slot: Int
            if let known = slotOfStudent[student] {
                slot = known
            } else {
                slot = batch.students.count
                slotOfStudent[student] = slot
                batch.students.append(student)
            }
            batch.rows.append(PendingRow(index: index, event: event, studentSlot: slot))
        }
        let outcome = try await commits.submit(batch)
        return AppendReceipt(stored: outcome.stored, duplicates: outcome.duplicates,
                             students: Set(batch.students.indices.lazy.filter { outcome.newAnswers[$0] > 0 }.map { batch.students[$0] }))
    }

    /// The stored students with this school id among `schools` (nil: every school): the schools
    /// in which `studentId` has answers.
    public func student(_ studentId: String, inSchools schools: [String]?) throws(StoreError) -> [StoredStudent] {
        let stored = storedId(of: studentId)
        return try readOneStatement { db in
            // Cached statements: every request reads these, and parsing the SQL each time showed in profiles.
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.studentLookup), arguments: [stored])
            return rows.compactMap { row -> StoredStudent? in
                let school: String = row["school_id"]
                if let schools, !schools.contains(school) { return nil }
                return StoredStudent(schoolId: school, storedId: stored, answerCount: row["answers"])
            }
        }
    }

    /// A stored student's answers in fold-in order: by answer time, then by arrival.
    public func answers(of student: StoredStudent.Key) throws(StoreError) -> [StoredAnswer] {
        try readOneStatement { db in
            try Row.fetchAll(db.cachedStatement(sql: Self.answersLookup), arguments: [student.storedId, student.schoolId]).map { row in
                StoredAnswer(eventId: row["event_id"], classId: row["class_id"], skillId: row["skill_id"], itemId: row["item_id"],
                             outcome: row["outcome"], answeredAt: row["answered_at"])
            }
        }
    }

    /// The reads of a class report: the schools that have the class, then its students in one.
    static let classSchoolsLookup = "SELECT DISTINCT school_id FROM students WHERE class_id = ? ORDER BY school_id"
    static let classStudentsLookup = "SELECT student, answers FROM students WHERE school_id = ? AND class_id = ? ORDER BY student"

    /// The two reads of every request about a stored student.
    static let studentLookup = "SELECT school_id, answers FROM students WHERE student = ? ORDER BY school_id"
    static let answersLookup = """
        SELECT event_id, class_id, skill_id, item_id, outcome, answered_at FROM answers
        WHERE student_no = (SELECT no FROM students WHERE student = ? AND school_id = ?) ORDER BY answered_at, seq
        """

    /// SQLite's plan for `sql` (`EXPLAIN QUERY PLAN`), one line per step: how a read finds its rows.
    func queryPlan(_ sql: String) throws(StoreError) -> [String] {
        try read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(
                Array(repeating: "", count: sql.count { $0 == "?" }))).map { $0["detail"] as String }
        }
    }

    /// The students of a class: those whose latest stored event that named a class named this one.
    public func students(ofClass classId: String, school: String) throws(StoreError) -> [StoredStudent] {
        try readOneStatement { db in
            try Row.fetchAll(db, sql: Self.classStudentsLookup, arguments: [school, classId]).map { row in
                StoredStudent(schoolId: school, storedId: row["student"], answerCount: row["answers"])
            }
        }
    }

    /// The schools among `schools` (nil: every school) that have a class with this id.
    public func schools(ofClass classId: String, among schools: [String]?) throws(StoreError) -> [String] {
        try readOneStatement { db in
            try String.fetchAll(db, sql: Self.classSchoolsLookup, arguments: [classId]).filter { schools?.contains($0) ?? true }
        }
    }

    /// Every stored event id with its school, for checks that each acknowledged event is stored once.
    public func eventCounts() throws(StoreError) -> (events: Int, distinct: Int) {
        try read { db in
            let events = try Int.fetchOne(db, sql: "SELECT count(*) FROM answers") ?? 0
            let distinct = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT DISTINCT school_id, event_id FROM answers)") ?? 0
            return (events, distinct)
        }
    }

    /// Whether this event id is stored for the school.
    public func contains(eventId: String, school: String) throws(StoreError) -> Bool {
        try readOneStatement { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM answers WHERE school_id = ? AND event_id = ?)",
                              arguments: [school, eventId]) ?? false
        }
    }

    /// False once ``close()`` began: appends are refused from then on.
    public var isOpen: Bool { commits.isOpen }

    /// Transactions committed so far by this process: fewer than the appends when commits were shared.
    public var commitCount: Int { commits.commitCount }

    /// Shared transactions written again batch by batch, because one of their batches failed.
    var isolatedRetryCount: Int { commits.isolatedRetryCount }

    /// Whether the writer's next commit past the checkpoint threshold copies the rest of the log.
    var checkpointCatchUpIsDue: Bool { checkpointer.catchUpIsDue }

    /// WAL checkpoints run to the end so far by this process.
    var checkpointCount: Int { checkpointer.completedCount }

    /// The name of the first id of `event` with a NUL inside, or nil (without building a list
    /// per event: this runs for every answer ingested).
    private static func idHoldingNul(_ event: AnswerEvent) -> String? {
        if event.eventId.utf8.contains(0) { return "eventId" }
        if event.studentId.utf8.contains(0) { return "studentId" }
        if event.schoolId.utf8.contains(0) { return "schoolId" }
        if event.skillId.utf8.contains(0) { return "skillId" }
        if event.classId?.utf8.contains(0) == true { return "classId" }
        if event.itemId?.utf8.contains(0) == true { return "itemId" }
        return nil
    }

    /// Waits for pending appends, then closes the database (a checkpoint folds the WAL back).
    public func close() throws(StoreError) {
        commits.close()
        do {
            try pool.writeWithoutTransaction { try checkpointer.stopWatching($0) }
            try pool.close()
        } catch {
            throw .database("\(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .database("\(error)")
        }
    }

    /// `body`, which runs a single statement, on a reader without GRDB's transaction around it.
    /// SQLite reads one statement from one snapshot of the file, so the transaction added nothing
    /// to it but its BEGIN and COMMIT (a savepoint and two more statements for each lookup of every
    /// request about a stored student).
    private func readOneStatement<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.unsafeRead(body)
        } catch {
            throw .database("\(error)")
        }
    }
}

/// An event ready to write: its place in its batch and its student's place in ``PendingBatch/students``.
struct PendingRow: Sendable {
    var index: Int
    var event: AnswerEvent
    var studentSlot: Int
}

/// One append's rows and its distinct students, in order of first appearance.
struct PendingBatch: Sendable {
    var rows: [PendingRow] = []
    var students: [StoredStudent.Key] = []
}

/// What the writer did with a batch: counts, and per student of the batch its new answers.
struct BatchOutcome: Sendable {
    var stored = 0
    var duplicates = 0
    var newAnswers: [Int]
}
