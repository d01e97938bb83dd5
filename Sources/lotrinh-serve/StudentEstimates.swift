import Foundation
import Recommend
import StudentStore

/// A student's estimate: always the fold-in of every stored answer, from the model's prior, in
/// the store's order (answer time, then arrival) — cached, since that is a Newton solve, with
/// the masteries a path request at the default confidence reads.
///
/// An entry is valid for one model generation and one answer count. Answers are never removed,
/// so the count names the answer set exactly: an append makes the entry stale whether or not the
/// appending request reached ``invalidate(_:)`` first. Answers on skills the model does not know
/// (after a reload to a model without them) are left out of the fold-in, as `lotrinh-path` does.
final class StudentEstimates: @unchecked Sendable {
    struct Estimate: Sendable {
        /// The state, prepared at a path request's default confidence.
        var prepared: PreparedState
        /// The answers folded in, in order.
        var answers: [StoredAnswer]

        var state: Recommender.State { prepared.state }
    }

    private struct Entry {
        var generation: Int
        var answerCount: Int
        var estimate: Estimate
    }

    /// Past this many students the cache starts again empty (bounded memory; a miss costs one read and one solve).
    static let capacity = 50_000

    private let store: StudentStore
    private let lock = NSLock()
    private var entries: [StoredStudent.Key: Entry] = [:]

    init(store: StudentStore) {
        self.store = store
    }

    func estimate(of student: StoredStudent, model: LoadedModel) throws -> Estimate {
        let cached = lock.withLock { entries[student.key] }
        if let cached, cached.generation == model.generation, cached.answerCount == student.answerCount {
            return cached.estimate
        }
        let stored: [StoredAnswer]
        do {
            stored = try store.answers(of: student.key)
        } catch {
            throw Problem.store(error)
        }
        let estimate = try Self.foldIn(stored, model: model)
        lock.withLock {
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[student.key] = Entry(generation: model.generation, answerCount: stored.count, estimate: estimate)
        }
        return estimate
    }

    func invalidate(_ students: Set<StoredStudent.Key>) {
        lock.withLock {
            for student in students { entries[student] = nil }
        }
    }

    /// The fresh fold-in, from the prior, of `stored` (in the given order).
    static func foldIn(_ stored: [StoredAnswer], model: LoadedModel) throws -> Estimate {
        let recommender = model.recommender
        let known = stored.filter { recommender.model.skillIndex.index(of: $0.skillId) != nil }
        let records = known.map { AnswerRecord(skillId: $0.skillId, itemId: $0.itemId, outcome: $0.outcome, time: $0.answeredAt) }
        do {
            return Estimate(prepared: try recommender.prepared(try recommender.state(after: records)), answers: known)
        } catch {
            throw Problem.recommend(error)
        }
    }
}
