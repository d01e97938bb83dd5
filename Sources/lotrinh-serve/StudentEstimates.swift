import Foundation
import Recommend
import StudentStore

/// A student's estimate: always the fold-in of every stored answer, from the model's prior, in
/// the store's order (answer time, then arrival) — cached, since that is a Newton solve; and
/// for the students asked about last, the masteries a path request reads
/// (``prepared(_:of:confidence:model:)``).
///
/// An entry is valid for one model generation and one answer count. Answers are never removed,
/// so the count names the answer set exactly: an append makes the entry stale whether or not the
/// appending request reached ``invalidate(_:)`` first. Answers on skills the model does not know
/// (after a reload to a model without them) are left out of the fold-in, as `lotrinh-path` does.
final class StudentEstimates: @unchecked Sendable {
    struct Estimate: Sendable {
        var state: Recommender.State
        /// The answers folded in, in order.
        var answers: [StoredAnswer]
    }

    private struct Entry<Value> {
        var generation: Int
        var answerCount: Int
        var value: Value
    }

    /// Past this many students the cache starts again empty (bounded memory; a miss costs one read and one solve).
    static let capacity = 50_000
    /// A prepared state takes about 24 bytes per skill besides its state (35 KB in all at 1,000
    /// skills and rank 32), so their cache is bounded in bytes, apart from the estimates.
    static let preparedBytes = 64 << 20

    private let store: StudentStore
    private let lock = NSLock()
    private var entries: [StoredStudent.Key: Entry<Estimate>] = [:]
    private var preparedEntries: [StoredStudent.Key: Entry<PreparedState>] = [:]

    init(store: StudentStore) {
        self.store = store
    }

    func estimate(of student: StoredStudent, model: LoadedModel) throws -> Estimate {
        try cached(in: \.entries, student: student, model: model, capacity: Self.capacity) {
            let stored: [StoredAnswer]
            do throws(StoreError) {
                stored = try store.answers(of: student.key)
            } catch {
                throw Problem.store(error)
            }
            return (try Self.foldIn(stored, model: model), stored.count)
        }
    }

    /// `estimate` (the student's current one) prepared at `confidence`: every skill's mastery, a
    /// tenth of a path request's CPU at 1,000 skills. At a path request's default confidence it
    /// is computed once per answer count and model generation; at any other, each time.
    func prepared(_ estimate: Estimate, of student: StoredStudent, confidence: Double, model: LoadedModel) throws -> PreparedState {
        guard confidence == PathRequest().confidence else { return try Self.prepared(estimate, confidence: confidence, model: model) }
        // Three doubles per skill, the inverse factor in floats and the state's precision matrix.
        let skills = model.recommender.model.skillCount, rank = model.recommender.model.rank
        let capacity = max(1, Self.preparedBytes / (24 * skills + 2 * rank * rank + 8 * (rank + 1) * (rank + 1) + 256))
        return try cached(in: \.preparedEntries, student: student, model: model, capacity: capacity) {
            (try Self.prepared(estimate, confidence: confidence, model: model), student.answerCount)
        }
    }

    /// The entry of `table` for the student when it is of this model generation and answer
    /// count; else `make`'s value, stored under the answer count it names (a table past
    /// `capacity` entries starts again empty).
    private func cached<Value>(in table: ReferenceWritableKeyPath<StudentEstimates, [StoredStudent.Key: Entry<Value>]>,
                               student: StoredStudent, model: LoadedModel, capacity: Int,
                               make: () throws -> (value: Value, answerCount: Int)) throws -> Value {
        let entry = lock.withLock { self[keyPath: table][student.key] }
        if let entry, entry.generation == model.generation, entry.answerCount == student.answerCount {
            return entry.value
        }
        let (value, answerCount) = try make()
        // A full table is swapped for an empty one under the lock and freed after it: freeing
        // 50,000 estimates takes long enough to hold up the other event loop's requests.
        let dropped = lock.withLock { () -> [StoredStudent.Key: Entry<Value>] in
            var full: [StoredStudent.Key: Entry<Value>] = [:]
            if self[keyPath: table].count >= capacity {
                swap(&full, &self[keyPath: table])
                self[keyPath: table].reserveCapacity(full.count)
            }
            self[keyPath: table][student.key] = Entry(generation: model.generation, answerCount: answerCount, value: value)
            return full
        }
        _ = dropped  // its last use: released here, after the lock
        return value
    }

    private static func prepared(_ estimate: Estimate, confidence: Double, model: LoadedModel) throws -> PreparedState {
        do {
            return try model.recommender.prepared(estimate.state, confidence: confidence)
        } catch {
            throw Problem.recommend(error)
        }
    }

    func invalidate(_ students: Set<StoredStudent.Key>) {
        lock.withLock {
            for student in students {
                entries[student] = nil
                preparedEntries[student] = nil
            }
        }
    }

    /// The fresh fold-in, from the prior, of `stored` (in the given order).
    static func foldIn(_ stored: [StoredAnswer], model: LoadedModel) throws -> Estimate {
        let recommender = model.recommender
        let known = stored.filter { recommender.model.skillIndex.index(of: $0.skillId) != nil }
        let records = known.map { AnswerRecord(skillId: $0.skillId, itemId: $0.itemId, outcome: $0.outcome, time: $0.answeredAt) }
        do {
            return Estimate(state: try recommender.state(after: records), answers: known)
        } catch {
            throw Problem.recommend(error)
        }
    }
}
