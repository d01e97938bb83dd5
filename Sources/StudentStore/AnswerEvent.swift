/// One graded answer as the service received it, already validated (known skill, outcome in
/// [0, 1]). The student id is the school's own; the store pseudonymizes it before it is written.
public struct AnswerEvent: Sendable, Equatable {
    /// The client's id of the event: the store keeps one event per id and school, so a retried
    /// batch stores nothing twice.
    public var eventId: String
    /// The school's own student id (never written to disk when a pseudonym key is configured).
    public var studentId: String
    public var schoolId: String
    public var classId: String?
    public var skillId: String
    public var itemId: String?
    /// 0/1 correctness or a score in [0, 1].
    public var outcome: Double
    /// Unix seconds.
    public var answeredAt: Double

    public init(eventId: String, studentId: String, schoolId: String, classId: String? = nil, skillId: String,
                itemId: String? = nil, outcome: Double, answeredAt: Double) {
        self.eventId = eventId
        self.studentId = studentId
        self.schoolId = schoolId
        self.classId = classId
        self.skillId = skillId
        self.itemId = itemId
        self.outcome = outcome
        self.answeredAt = answeredAt
    }
}

/// A stored answer of one student, in the order answers are folded in (by answer time, then
/// by arrival).
public struct StoredAnswer: Sendable, Equatable {
    public var eventId: String
    public var classId: String?
    public var skillId: String
    public var itemId: String?
    public var outcome: Double
    public var answeredAt: Double
}

/// A student as the store knows them: the school and the stored (pseudonymous) id.
public struct StoredStudent: Sendable, Hashable {
    public var schoolId: String
    /// The pseudonym (or the raw id when the store has no key).
    public var storedId: String
    /// How many answers are stored: answers are never removed, so this is the version of the
    /// student's answer set, what a cache of their estimate is keyed by.
    public var answerCount: Int

    public init(schoolId: String, storedId: String, answerCount: Int) {
        self.schoolId = schoolId
        self.storedId = storedId
        self.answerCount = answerCount
    }
}

/// What an append did.
public struct AppendReceipt: Sendable, Equatable {
    /// Events stored by this append.
    public var stored: Int
    /// Events already stored with the same content (a retry), not stored again.
    public var duplicates: Int
    /// The students whose answers changed.
    public var students: Set<StoredStudent.Key>
}

extension StoredStudent {
    /// School and stored id: the identity of a student in the store.
    public struct Key: Sendable, Hashable {
        public var schoolId: String
        public var storedId: String

        public init(schoolId: String, storedId: String) {
            self.schoolId = schoolId
            self.storedId = storedId
        }
    }

    public var key: Key { Key(schoolId: schoolId, storedId: storedId) }
}

/// Why an append stored nothing.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The same event id twice in one batch.
    case duplicateEventInBatch(eventId: String, first: Int, second: Int)
    /// An event id already stored (for the same school) with different content.
    case eventIdConflict(eventId: String, index: Int)
    /// An event that cannot be stored (empty id, outcome outside [0, 1], time not finite).
    case invalidEvent(index: Int, reason: String)
    /// SQLite failed (disk full, I/O error, a corrupt file).
    case database(String)
    /// The store was closed.
    case closed

    public var description: String {
        switch self {
        case let .duplicateEventInBatch(id, first, second):
            "events[\(first)] and events[\(second)] have the same eventId '\(id)'"
        case let .eventIdConflict(id, index):
            "events[\(index)]: eventId '\(id)' is already stored with different content (an event id names one answer for good)"
        case let .invalidEvent(index, reason): "events[\(index)]: \(reason)"
        case let .database(reason): "the answer store failed: \(reason)"
        case .closed: "the answer store is closed"
        }
    }
}
