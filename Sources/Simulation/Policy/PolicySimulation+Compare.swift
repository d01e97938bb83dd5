import Foundation
import LearningPaths

extension PolicySimulation {
    /// Runs every learner under every policy (the same learners and random streams for each:
    /// a paired comparison) and summarises the goals truly mastered at each checkpoint.
    ///
    /// Learners are spread over all cores; the result does not depend on how, since each
    /// learner draws only from its own stream.
    ///
    /// - Parameter progress: called with the learners finished so far, from any thread.
    public func compare(policies: [PathPolicy] = PathPolicy.allCases,
                        progress: (@Sendable (Int) -> Void)? = nil) throws(PlanningError) -> PolicyComparison {
        let students = configuration.students
        let collector = CountCollector(policies: policies.count, checkpoints: configuration.checkpoints.count,
                                       students: students)
        // Chunks of learners, a few per core, so both cores stay busy to the end.
        let chunkSize = max(1, students / (ProcessInfo.processInfo.activeProcessorCount * 8))
        let chunkCount = (students + chunkSize - 1) / chunkSize
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = chunk * chunkSize..<min(students, (chunk + 1) * chunkSize)
            do throws(PlanningError) {
                for student in range {
                    let row = try policies.map { policy throws(PlanningError) in try run(student: student, policy: policy) }
                    collector.store(row, student: student)
                }
                progress?(collector.finish(range.count))
            } catch {
                collector.fail(error)
            }
        }
        if let error = collector.error { throw error }
        return PolicyComparison(policies: policies, checkpoints: configuration.checkpoints,
                                goalCount: goals.count, counts: collector.counts)
    }
}

/// Results written by many threads, each learner to its own slot, behind one lock.
private final class CountCollector: @unchecked Sendable {
    private let lock = NSLock()
    /// `[policy][checkpoint][student]`.
    private var storage: [[[Int]]]
    private var firstError: PlanningError?
    private var finished = 0

    init(policies: Int, checkpoints: Int, students: Int) {
        storage = Array(repeating: Array(repeating: Array(repeating: 0, count: students), count: checkpoints),
                        count: policies)
    }

    /// `row[policy][checkpoint]` for one learner.
    func store(_ row: [[Int]], student: Int) {
        lock.withLock {
            for (policy, counts) in row.enumerated() {
                for (checkpoint, count) in counts.enumerated() { storage[policy][checkpoint][student] = count }
            }
        }
    }

    /// Adds `count` finished learners and returns the total so far.
    func finish(_ count: Int) -> Int {
        lock.withLock {
            finished += count
            return finished
        }
    }

    func fail(_ error: PlanningError) {
        lock.withLock { if firstError == nil { firstError = error } }
    }

    var error: PlanningError? { lock.withLock { firstError } }
    var counts: [[[Int]]] { lock.withLock { storage } }
}
