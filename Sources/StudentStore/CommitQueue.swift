import Dispatch
import Foundation
import GRDB

/// Group commit: batches submitted while a transaction is being written wait together and go
/// into the next transaction, so N concurrent appends cost one fsync, not N.
///
/// One writer thread (a serial queue) runs the transactions; a submitter only queues its batch
/// and suspends. Each batch is a savepoint of the shared transaction: its own failure rolls back
/// only its rows and is reported to its submitter alone.
final class CommitQueue: @unchecked Sendable {
    private typealias Waiter = (rows: [PendingRow], continuation: CheckedContinuation<Result<AppendReceipt, StoreError>, Never>)

    private let pool: DatabasePool
    private let writer = DispatchQueue(label: "StudentStore.commits")
    // Guards everything below.
    private let lock = NSLock()
    private var pending: [Waiter] = []
    private var flushScheduled = false
    private var closed = false
    private var commits = 0

    init(pool: DatabasePool) {
        self.pool = pool
    }

    var commitCount: Int { lock.withLock { commits } }

    var isOpen: Bool { lock.withLock { !closed } }

    func submit(_ rows: [PendingRow]) async throws(StoreError) -> AppendReceipt {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<AppendReceipt, StoreError>, Never>) in
            let schedule: Bool? = lock.withLock {
                if closed { return nil }
                pending.append((rows, continuation))
                defer { flushScheduled = true }
                return !flushScheduled
            }
            switch schedule {
            case nil: continuation.resume(returning: .failure(.closed))
            case true?: writer.async { self.flush() }
            case false?: break
            }
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
            var results = [Result<AppendReceipt, StoreError>](repeating: .failure(.closed), count: waiters.count)
            do {
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        for (position, waiter) in waiters.enumerated() {
                            results[position] = Self.write(waiter.rows, in: db)
                        }
                        return .commit
                    }
                }
                lock.withLock { commits += 1 }
            } catch {
                // The commit itself failed: nothing of any batch is durable.
                results = Array(repeating: .failure(.database("\(error)")), count: waiters.count)
            }
            for (waiter, result) in zip(waiters, results) { waiter.continuation.resume(returning: result) }
        }
    }

    /// One batch as a savepoint: all its rows, or none when one conflicts.
    private static func write(_ rows: [PendingRow], in db: Database) -> Result<AppendReceipt, StoreError> {
        var receipt = AppendReceipt(stored: 0, duplicates: 0, students: [])
        do {
            try db.inSavepoint {
                // Prepared once per connection, not once per row.
                let insertAnswer = try db.cachedStatement(sql: """
                    INSERT INTO answers (school_id, event_id, student, class_id, skill_id, item_id, outcome, answered_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (school_id, event_id) DO NOTHING
                    """)
                let countAnswers = try db.cachedStatement(sql: """
                    INSERT INTO students (school_id, student, class_id, answers) VALUES (?, ?, ?, ?)
                    ON CONFLICT (school_id, student) DO UPDATE SET answers = answers + excluded.answers,
                        class_id = coalesce(excluded.class_id, class_id)
                    """)
                // One students row update per student of the batch, not one per answer: the
                // count of its new answers, and the class of its last new event that named one.
                var newAnswers: [StoredStudent.Key: (count: Int, classId: String?)] = [:]
                var order: [StoredStudent.Key] = []
                for row in rows {
                    let event = row.event
                    try insertAnswer.execute(arguments: [event.schoolId, event.eventId, row.student, event.classId, event.skillId,
                                                         event.itemId, event.outcome, event.answeredAt])
                    if db.changesCount == 0 {
                        guard try isSame(row, storedIn: db) else { throw StoreError.eventIdConflict(eventId: event.eventId, index: row.index) }
                        receipt.duplicates += 1
                        continue
                    }
                    receipt.stored += 1
                    let key = StoredStudent.Key(schoolId: event.schoolId, storedId: row.student)
                    if newAnswers[key] == nil { order.append(key) }
                    newAnswers[key, default: (0, nil)].count += 1
                    if let classId = event.classId { newAnswers[key]!.classId = classId }
                }
                for key in order {
                    let (count, classId) = newAnswers[key]!
                    try countAnswers.execute(arguments: [key.schoolId, key.storedId, classId, count])
                }
                receipt.students = Set(order)
                return .commit
            }
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(.database("\(error)"))
        }
        return .success(receipt)
    }

    /// Whether the stored event with this row's id is the same answer (a retry, not a conflict).
    private static func isSame(_ row: PendingRow, storedIn db: Database) throws -> Bool {
        let event = row.event
        guard let stored = try Row.fetchOne(db, sql: """
            SELECT student, class_id, skill_id, item_id, outcome, answered_at FROM answers WHERE school_id = ? AND event_id = ?
            """, arguments: [event.schoolId, event.eventId]) else { return false }
        return stored["student"] as String == row.student && stored["class_id"] as String? == event.classId
            && stored["skill_id"] as String == event.skillId && stored["item_id"] as String? == event.itemId
            && stored["outcome"] as Double == event.outcome && stored["answered_at"] as Double == event.answeredAt
    }
}
