extension PathPlanner {
    /// `order` rearranged to follow ``PlanOptions/sessionSchedule``: the steps in the session's
    /// schedule keep their order there, and any other step (one that has had its answers, a
    /// prerequisite whose estimate fell back below the threshold, a goal the budget now reaches)
    /// goes just before the first scheduled step that follows it in `order`, or last when none does. Every
    /// step still comes after its prerequisites on the path (Kahn's algorithm over the path's own
    /// edges, smallest key first), and the scheduled tier still comes first.
    ///
    /// Replanned from scratch after every answer, the order flipped between steps whose scores
    /// one answer had nudged (a trace of a damped learner went S03, S02, S04, S03, S06, S05, S06
    /// in seven answers), and a learner who takes up a skill only next to the last one lost each
    /// switch: on the policy bench the closed loop trailed the same planner's open loop
    /// (BENCHMARKS.md, "A session keeps its schedule").
    func keepingSessionOrder(_ order: [Int32], sessionOrder: [Int], scope: PlanningScope) -> [Int32] {
        guard !sessionOrder.isEmpty, order.count > 1 else { return order }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: skillCount) { earlier in
            earlier.initialize(repeating: -1)
            for (position, skill) in sessionOrder.enumerated().reversed() {
                earlier[skill] = Int32(position)
            }
            // (tier, earlier position, new before old, index in `order`): compared as a tuple.
            var keys = [(Int, Int, Int, Int)](repeating: (0, 0, 0, 0), count: order.count)
            var nextEarlier = Int.max
            for index in order.indices.reversed() {
                let skill = Int(order[index])
                let tier = scope.flags[skill].contains(.scheduledTier) ? 0 : 1
                if earlier[skill] >= 0 {
                    nextEarlier = Int(earlier[skill])
                    keys[index] = (tier, nextEarlier, 1, index)
                } else {
                    keys[index] = (tier, nextEarlier, 0, index)
                }
            }
            return topologicalOrder(of: order, keys: keys)
        }
    }

    /// `order`'s skills with every prerequisite on the path before its dependents, and among
    /// the skills ready at each point the one with the smallest key: the planner's own
    /// ``ReadyQueue``, each step's priority its rank among the keys (the key's first part is the
    /// tier, so the queue's tier bit is not needed).
    private func topologicalOrder(of order: [Int32], keys: [(Int, Int, Int, Int)]) -> [Int32] {
        let ranked = order.indices.sorted { keys[$0] < keys[$1] }
        guard let adjacency else { return ranked.map { order[$0] } }
        var priority = [Double](repeating: 0, count: order.count)
        for (rank, index) in ranked.enumerated() { priority[index] = Double(order.count - rank) }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: skillCount) { indexOnPath in
            indexOnPath.initialize(repeating: -1)
            for (index, skill) in order.enumerated() { indexOnPath[Int(skill)] = Int32(index) }
            var ready = ReadyQueue(capacity: order.count)
            defer { ready.deallocate() }
            var waitingFor = [Int](repeating: 0, count: order.count)
            for (index, skill) in order.enumerated() {
                waitingFor[index] = adjacency.prerequisites(of: Int(skill)).count { indexOnPath[Int($0)] >= 0 }
                if waitingFor[index] == 0 { ready.insert(Candidate(isScheduledTier: false, priority: priority[index], skill: skill)) }
            }
            var result: [Int32] = []
            result.reserveCapacity(order.count)
            while let picked = ready.removeFirst() {
                result.append(picked.skill)
                for dependent in adjacency.dependents(of: Int(picked.skill)) where indexOnPath[Int(dependent)] >= 0 {
                    let next = Int(indexOnPath[Int(dependent)])
                    waitingFor[next] -= 1
                    if waitingFor[next] == 0 { ready.insert(Candidate(isScheduledTier: false, priority: priority[next], skill: dependent)) }
                }
            }
            precondition(result.count == order.count, "the planner's order already put every prerequisite first")
            return result
        }
    }
}
