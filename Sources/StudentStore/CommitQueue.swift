import Dispatch
import Foundation
import GRDB
// SQLite's C interface, which GRDB is built on: the writer binds each row's values itself.
import GRDBSQLite

/// Group commit: batches submitted while a transaction is being written wait together and go
/// into the next transaction, so N concurrent appends cost one fsync, not N.
///
/// One writer thread (a serial queue) runs the transactions; a submitter only queues its batch
/// and suspends. A batch's failure is reported to its submitter alone and stores none of its
/// rows: the batches are first written straight into the shared transaction, and when one fails
/// they are all written again, each in a savepoint of its own.
final class CommitQueue: @unchecked Sendable {
    private typealias Waiter = (batch: PendingBatch, continuation: CheckedContinuation<Result<BatchOutcome, StoreError>, Never>)

    private let pool: DatabasePool
    private let writer = DispatchQueue(label: "StudentStore.commits")
    // Guards everything below.
    private let lock = NSLock()
    private var pending: [Waiter] = []
    private var flushScheduled = false
    private var closed = false
    private var commits = 0
    private var isolatedRetries = 0

    init(pool: DatabasePool) {
        self.pool = pool
    }

    var commitCount: Int { lock.withLock { commits } }

    /// Groups written again batch by batch, in savepoints, because one of their batches failed.
    var isolatedRetryCount: Int { lock.withLock { isolatedRetries } }

    var isOpen: Bool { lock.withLock { !closed } }

    func submit(_ batch: PendingBatch) async throws(StoreError) -> BatchOutcome {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<BatchOutcome, StoreError>, Never>) in
            let accepted: Bool = lock.withLock {
                if closed { return false }
                pending.append((batch, continuation))
                // Scheduled under the lock: a `close()` that takes the lock next must find this
                // flush on the writer queue already, or it could return (and the pool be closed)
                // before the batch is written.
                if !flushScheduled { writer.async { self.flush() } }
                flushScheduled = true
                return true
            }
            if !accepted { continuation.resume(returning: .failure(.closed)) }
        }
        return try result.get()
    }

    /// Stops taking batches and waits for the queued ones to be written.
    func close() {
        lock.withLock { closed = true }
        writer.sync {}
    }

    /// Writes everything queued in one transaction; loops while batches arrived meanwhile.
    private func flush() {
        while true {
            let waiters: [Waiter] = lock.withLock {
                let taken = pending
                pending = []
                if taken.isEmpty { flushScheduled = false }
                return taken
            }
            if waiters.isEmpty { return }
            let batches = waiters.map(\.batch)
            var results: [Result<BatchOutcome, StoreError>]
            do {
                // Each batch straight into the transaction first: a savepoint per batch copies
                // every page the batch changes into its statement journal, about a sixth of the
                // writer's CPU under ingest. Should one batch fail, that transaction is rolled back
                // and all are written again, each in a savepoint, so that only the failing ones
                // are refused.
                results = try write(batches, isolated: false)
                if results.count < batches.count {
                    lock.withLock { isolatedRetries += 1 }
                    results = try write(batches, isolated: true)
                }
                lock.withLock { commits += 1 }
            } catch {
                // The commit itself failed: nothing of any batch is durable.
                let failure = (error as? StoreError) ?? .database("\(error)")
                results = Array(repeating: .failure(failure), count: waiters.count)
            }
            // One result per waiter, or a waiter would never be resumed.
            precondition(results.count == waiters.count, "\(results.count) results for \(waiters.count) batches")
            for (waiter, result) in zip(waiters, results) { waiter.continuation.resume(returning: result) }
        }
    }

    /// The batches in one transaction, each batch in a savepoint of its own when `isolated`.
    /// Not isolated, the first batch that fails rolls the transaction back and ends the writing:
    /// then there are fewer results than batches.
    private func write(_ batches: [PendingBatch], isolated: Bool) throws -> [Result<BatchOutcome, StoreError>] {
        try pool.writeWithoutTransaction { db in
            var results: [Result<BatchOutcome, StoreError>] = []
            results.reserveCapacity(batches.count)
            try db.inTransaction(.immediate) {
                let statements = try BatchStatements(db)
                for batch in batches {
                    let result = Self.write(batch, in: db, statements, isolated: isolated)
                    // Some errors (a full disk, an I/O error) make SQLite roll the whole
                    // transaction back itself: later batches would then each commit on their
                    // own. The group fails instead, with nothing of it stored.
                    guard db.isInsideTransaction else {
                        if case .failure(let error) = result { throw error }
                        throw StoreError.database("the transaction was rolled back by SQLite")
                    }
                    if !isolated, case .failure = result { return .rollback }
                    results.append(result)
                }
                return .commit
            }
            return results
        }
    }

    /// One batch: all its rows, or (when `isolated`, in a savepoint) none when one conflicts.
    private static func write(_ batch: PendingBatch, in db: Database, _ statements: BatchStatements,
                              isolated: Bool) -> Result<BatchOutcome, StoreError> {
        var outcome = BatchOutcome(newAnswers: Array(repeating: 0, count: batch.students.count))
        func writeRows() throws {
            // Each student's row first (created for a new student), for its number.
            let numbers = try batch.students.map { try statements.number(of: $0) }
            // One students row update per student of the batch, not one per answer: the
            // count of its new answers, and the class of its last new event that named one.
            var classIds = [String?](repeating: nil, count: batch.students.count)
            for row in batch.rows {
                let event = row.event
                guard try statements.insert(row, studentNumber: numbers[row.studentSlot]) else {
                    guard try isSame(row, studentNumber: numbers[row.studentSlot], storedIn: db) else { throw StoreError.eventIdConflict(eventId: event.eventId, index: row.index) }
                    outcome.duplicates += 1
                    continue
                }
                outcome.stored += 1
                outcome.newAnswers[row.studentSlot] += 1
                if let classId = event.classId { classIds[row.studentSlot] = classId }
            }
            for (slot, number) in numbers.enumerated() where outcome.newAnswers[slot] > 0 {
                try statements.count(outcome.newAnswers[slot], newAnswersOf: number, classId: classIds[slot])
            }
        }
        do {
            if isolated {
                try db.inSavepoint {
                    try writeRows()
                    return .commit
                }
            } else {
                try writeRows()
            }
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(.database("\(error)"))
        }
        return .success(outcome)
    }

    /// Whether the stored event with this row's id is the same answer (a retry, not a conflict).
    private static func isSame(_ row: PendingRow, studentNumber: Int64, storedIn db: Database) throws -> Bool {
        let event = row.event
        guard let stored = try Row.fetchOne(db, sql: """
            SELECT student_no, class_id, skill_id, item_id, outcome, answered_at FROM answers WHERE school_id = ? AND event_id = ?
            """, arguments: [event.schoolId, event.eventId]) else { return false }
        return stored["student_no"] as Int64 == studentNumber && stored["class_id"] as String? == event.classId
            && stored["skill_id"] as String == event.skillId && stored["item_id"] as String? == event.itemId
            && stored["outcome"] as Double == event.outcome && stored["answered_at"] as Double == event.answeredAt
    }
}

/// The writer's statements, prepared once per connection (GRDB caches them), with each row's
/// values bound through SQLite's C interface: building GRDB's argument arrays (existentials,
/// retains, an allocation per row) was a third of the writer thread's time under ingest.
private struct BatchStatements {
    let db: Database
    let findStudent: Statement
    let addStudent: Statement
    let insertAnswer: Statement
    let countAnswers: Statement
    let countAnswersInClass: Statement

    init(_ db: Database) throws {
        self.db = db
        findStudent = try db.cachedStatement(sql: "SELECT no FROM students WHERE student = ? AND school_id = ?")
        addStudent = try db.cachedStatement(sql: "INSERT INTO students (school_id, student, class_id, answers) VALUES (?, ?, NULL, 0)")
        insertAnswer = try db.cachedStatement(sql: """
            INSERT INTO answers (school_id, event_id, student_no, class_id, skill_id, item_id, outcome, answered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (school_id, event_id) DO NOTHING
            """)
        // Two statements, so that a batch naming no class does not assign class_id: SQLite
        // rewrites the entries of every index on an assigned column, even when the value stays
        // the same.
        countAnswers = try db.cachedStatement(sql: "UPDATE students SET answers = answers + ? WHERE no = ?")
        countAnswersInClass = try db.cachedStatement(sql: "UPDATE students SET answers = answers + ?, class_id = ? WHERE no = ?")
    }

    /// The number of the student's row, which is added (with no answers yet) for a new student.
    func number(of student: StoredStudent.Key) throws -> Int64 {
        let find = findStudent.sqliteStatement
        try bind(student.storedId, at: 1, of: find)
        try bind(student.schoolId, at: 2, of: find)
        let code = sqlite3_step(find)
        let found = code == SQLITE_ROW ? sqlite3_column_int64(find, 0) : nil
        sqlite3_reset(find)
        guard code == SQLITE_ROW || code == SQLITE_DONE else { throw failure(code) }
        if let found { return found }
        let add = addStudent.sqliteStatement
        try bind(student.schoolId, at: 1, of: add)
        try bind(student.storedId, at: 2, of: add)
        try step(add)
        return sqlite3_last_insert_rowid(db.sqliteConnection)
    }

    /// Inserts the row's answer; false when its event id is already stored for the school.
    func insert(_ row: PendingRow, studentNumber: Int64) throws -> Bool {
        let statement = insertAnswer.sqliteStatement
        let event = row.event
        try bind(event.schoolId, at: 1, of: statement)
        try bind(event.eventId, at: 2, of: statement)
        sqlite3_bind_int64(statement, 3, studentNumber)
        try bind(event.classId, at: 4, of: statement)
        try bind(event.skillId, at: 5, of: statement)
        try bind(event.itemId, at: 6, of: statement)
        sqlite3_bind_double(statement, 7, event.outcome)
        sqlite3_bind_double(statement, 8, event.answeredAt)
        try step(statement)
        return sqlite3_changes(db.sqliteConnection) > 0
    }

    /// Adds `count` new answers to the student's row, and the class when one is named.
    func count(_ count: Int, newAnswersOf student: Int64, classId: String?) throws {
        let statement = (classId == nil ? countAnswers : countAnswersInClass).sqliteStatement
        sqlite3_bind_int64(statement, 1, Int64(count))
        if let classId {
            try bind(classId, at: 2, of: statement)
            sqlite3_bind_int64(statement, 3, student)
        } else {
            sqlite3_bind_int64(statement, 2, student)
        }
        try step(statement)
    }

    /// Runs a bound statement to completion and resets it; an error is SQLite's message.
    private func step(_ statement: SQLiteStatement) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// The connection's error message for a failed call that returned `code`.
    private func failure(_ code: Int32) -> StoreError {
        .database(String(cString: sqlite3_errmsg(db.sqliteConnection)) + " (SQLite code \(code))")
    }

    /// Binds text (SQLite copies it before this returns) or NULL.
    private func bind(_ text: String?, at index: Int32, of statement: SQLiteStatement) throws {
        guard var text else {
            sqlite3_bind_null(statement, index)
            return
        }
        let code = text.withUTF8 { bytes in
            // An empty buffer may have no address, and a null address would bind NULL, not "".
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, transientText) }
            return sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                                     transientText)
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }
}

/// SQLite's `SQLITE_TRANSIENT`: copy the bound bytes (the C macro does not import into Swift).
private let transientText = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
