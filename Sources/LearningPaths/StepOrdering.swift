import MasteryData

/// Places the plannable skills one at a time (Kahn's algorithm): a skill becomes a candidate
/// once its last unmastered prerequisite is placed, and the best candidate by the strategy
/// goes next. Only the topic term depends on the previous step; it is handled by a second
/// queue per topic instead of re-scoring the whole ready set after every step.
struct StepOrdering {
    let graph: PrerequisiteGraph?
    /// Topic per skill (negative: none), and the number of topics; nil when the topic term is off.
    let topics: [Int]?
    let topicCount: Int
    let topicBonus: Double

    init(graph: PrerequisiteGraph?, topics: [Int]?, topicCount: Int, strategy: OrderingStrategy) {
        self.graph = graph
        if case let .scored(weights) = strategy, weights.topic > 0, let topics {
            self.topics = topics
            self.topicCount = topicCount
            topicBonus = weights.topic
        } else {
            self.topics = nil
            self.topicCount = 0
            topicBonus = 0
        }
    }

    /// The static priority of every skill under `strategy` (higher goes first).
    static func priorities(strategy: OrderingStrategy, estimates: MasteryEstimates, threshold: Double,
                           reach: GoalReach, scope: PlanningScope) -> [Double] {
        let skillCount = scope.flags.count
        switch strategy {
        case let .scored(weights):
            var priorities = [Double](repeating: 0, count: skillCount)
            let reachScale = reach.maximumReach > 0 ? weights.unlocks / Double(reach.maximumReach) : 0
            for skill in scope.order.lazy.map(Int.init) where scope.flags[skill].isPlannable {
                let mastery = estimates.mastery[skill]
                priorities[skill] = weights.gain * (1 - mastery) + weights.closeness * min(1, mastery / threshold)
                    + reachScale * Double(reach.reachCounts[skill])
            }
            return priorities
        case .topological:
            return [Double](repeating: 0, count: skillCount)
        case .easiestFirst:
            return estimates.mastery
        case let .random(seed):
            var generator = SeededRandom(seed: seed)
            return (0..<skillCount).map { _ in generator.nextUniform() }
        }
    }

    /// The plannable skills in path order, at most `limit` of them; marks each placed.
    func order(scope: inout PlanningScope, priorities: [Double], limit: Int) -> [Int32] {
        var ready = ReadyQueue()
        var readyByTopic = [ReadyQueue](repeating: ReadyQueue(), count: topicCount)
        func makeReady(_ skill: Int) {
            let candidate = Candidate(isScheduledTier: scope.flags[skill].contains(.scheduledTier),
                                      priority: priorities[skill], skill: Int32(skill))
            ready.insert(candidate)
            if let topics, topics[skill] >= 0 { readyByTopic[topics[skill]].insert(candidate) }
        }
        for skill in scope.order.lazy.map(Int.init)
        where scope.flags[skill].isPlannable && scope.missingPrerequisites[skill] == 0 {
            makeReady(skill)
        }

        var path: [Int32] = []
        path.reserveCapacity(min(limit, scope.plannableCount))
        var previousTopic = -1
        while path.count < limit {
            Self.dropPlaced(&ready, scope)
            var best = ready.first
            var bestIsFromTopicQueue = false
            if let topics, previousTopic >= 0 {
                Self.dropPlaced(&readyByTopic[previousTopic], scope)
                if let sameTopic = readyByTopic[previousTopic].first {
                    let bestBonus = best.map { topics[Int($0.skill)] == previousTopic ? topicBonus : 0 } ?? 0
                    if best.map({ sameTopic.precedes($0, bonus: topicBonus, otherBonus: bestBonus) }) ?? true {
                        best = sameTopic
                        bestIsFromTopicQueue = true
                    }
                }
            }
            guard let chosen = best else { break }
            if bestIsFromTopicQueue { readyByTopic[previousTopic].removeFirst() } else { ready.removeFirst() }
            let skill = Int(chosen.skill)
            scope.flags[skill].insert(.placed)
            path.append(chosen.skill)
            previousTopic = topics?[skill] ?? -1
            for dependent in graph?.dependents(of: skill) ?? PlanningScope.noPrerequisites
            where scope.flags[dependent].isPlannable {
                scope.missingPrerequisites[dependent] -= 1
                if scope.missingPrerequisites[dependent] == 0 { makeReady(dependent) }
            }
        }
        return path
    }

    /// Discards queue heads already placed through the other queue.
    private static func dropPlaced(_ queue: inout ReadyQueue, _ scope: PlanningScope) {
        while let head = queue.first, scope.flags[Int(head.skill)].contains(.placed) { queue.removeFirst() }
    }
}
