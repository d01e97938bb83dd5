import MasteryData

/// Places the plannable skills one at a time (Kahn's algorithm): a skill becomes a candidate
/// once its last unmastered prerequisite is placed, and the best candidate by the strategy
/// goes next. Only the topic term depends on the previous step; it is handled by a second
/// queue per topic instead of re-scoring the whole ready set after every step.
struct StepOrdering {
    let adjacency: Adjacency?
    /// Topic per skill (negative: none), and the number of topics; nil when the topic term is off.
    let topics: [Int]?
    let topicCount: Int
    let topicBonus: Double

    init(adjacency: Adjacency?, topics: [Int]?, topicCount: Int, strategy: OrderingStrategy) {
        self.adjacency = adjacency
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

    /// The plannable skills in path order, at most `limit` of them; marks each placed.
    func order(scope: PlanningScope, priorities rule: StepPriorities, limit: Int) -> [Int32] {
        let flags = scope.flags, missingPrerequisites = scope.missingPrerequisites
        var ready = ReadyQueue(capacity: scope.plannableCount)
        var readyByTopic = topicQueues(scope: scope)
        // Written for each skill as it becomes ready; only ready skills are compared.
        let priorities = UnsafeMutableBufferPointer<Double>.allocate(capacity: scope.skillCount)
        defer {
            ready.deallocate()
            for queue in readyByTopic { queue.deallocate() }
            priorities.deallocate()
        }
        func makeReady(_ skill: Int) {
            priorities[skill] = rule.priority(of: skill)
            let candidate = Candidate(isScheduledTier: flags[skill].contains(.scheduledTier),
                                      priority: priorities[skill], skill: Int32(skill))
            ready.insert(candidate)
            if let topics, topics[skill] >= 0 { readyByTopic[topics[skill]].insert(candidate) }
        }
        for skill in scope.order.lazy.map(Int.init) where flags[skill].isPlannable && missingPrerequisites[skill] == 0 {
            makeReady(skill)
        }

        var path: [Int32] = []
        path.reserveCapacity(min(limit, scope.plannableCount))
        var previousTopic = -1
        while path.count < limit {
            Self.dropPlaced(&ready, flags)
            var best = ready.first
            var bestIsFromTopicQueue = false
            if let topics, previousTopic >= 0 {
                Self.dropPlaced(&readyByTopic[previousTopic], flags)
                if let sameTopic = readyByTopic[previousTopic].first,
                   topicHead(Int(sameTopic.skill), beats: best.map { Int($0.skill) }, previousTopic: previousTopic,
                             topics: topics, flags: flags, priorities: priorities) {
                    best = sameTopic
                    bestIsFromTopicQueue = true
                }
            }
            guard let chosen = best else { break }
            if bestIsFromTopicQueue { readyByTopic[previousTopic].removeFirst() } else { ready.removeFirst() }
            let skill = Int(chosen.skill)
            flags[skill].insert(.placed)
            path.append(chosen.skill)
            previousTopic = topics?[skill] ?? -1
            for dependent in adjacency?.dependents(of: skill) ?? UnsafeBufferPointer(start: nil, count: 0)
            where flags[Int(dependent)].isPlannable {
                missingPrerequisites[Int(dependent)] -= 1
                if missingPrerequisites[Int(dependent)] == 0 { makeReady(Int(dependent)) }
            }
        }
        return path
    }

    /// One queue per topic, each sized for the plannable skills of its topic (none when the
    /// topic term is off).
    private func topicQueues(scope: PlanningScope) -> [ReadyQueue] {
        guard let topics else { return [] }
        var sizes = [Int](repeating: 0, count: topicCount)
        for skill in scope.order.lazy.map(Int.init) where topics[skill] >= 0 && scope.flags[skill].isPlannable {
            sizes[topics[skill]] += 1
        }
        return sizes.map(ReadyQueue.init(capacity:))
    }

    /// Whether the best candidate on the previous step's topic goes before the overall best
    /// once both carry their topic bonus: scheduled tier, then bonused priority, then index.
    private func topicHead(_ sameTopic: Int, beats best: Int?, previousTopic: Int, topics: [Int],
                           flags: UnsafeMutableBufferPointer<SkillFlags>,
                           priorities: UnsafeMutableBufferPointer<Double>) -> Bool {
        guard let best else { return true }
        let sameTier = flags[sameTopic].contains(.scheduledTier), bestTier = flags[best].contains(.scheduledTier)
        if sameTier != bestTier { return sameTier }
        let mine = priorities[sameTopic] + topicBonus
        let theirs = priorities[best] + (topics[best] == previousTopic ? topicBonus : 0)
        if mine != theirs { return mine > theirs }
        return sameTopic < best
    }

    /// Discards queue heads already placed through the other queue.
    private static func dropPlaced(_ queue: inout ReadyQueue, _ flags: UnsafeMutableBufferPointer<SkillFlags>) {
        while let head = queue.first, flags[Int(head.skill)].contains(.placed) { queue.removeFirst() }
    }
}

/// The static priority of a step under a strategy (higher goes first), computed when the step
/// becomes ready: a short path scores a few dozen skills instead of every plannable one.
struct StepPriorities {
    private enum Rule {
        case scored(ScoreWeights, reachScale: Double)
        case zero
        case mastery
        case table([Double])
    }

    private let rule: Rule
    private let estimates: MasteryEstimates
    private let threshold: Double
    private let reach: GoalReach

    init(strategy: OrderingStrategy, estimates: MasteryEstimates, threshold: Double, reach: GoalReach,
         scope: PlanningScope) {
        switch strategy {
        case let .scored(weights):
            let maximumReach = weights.unlocks != 0 ? reach.maximumReach() : 0
            rule = .scored(weights, reachScale: maximumReach > 0 ? weights.unlocks / Double(maximumReach) : 0)
        case .topological:
            rule = .zero
        case .easiestFirst:
            rule = .mastery
        case let .random(seed):
            // Drawn for every skill in index order, so a seed gives one order whatever the goals.
            var generator = SeededRandom(seed: seed)
            rule = .table((0..<scope.skillCount).map { _ in generator.nextUniform() })
        }
        self.estimates = estimates
        self.threshold = threshold
        self.reach = reach
    }

    @inline(__always)
    func priority(of skill: Int) -> Double {
        switch rule {
        case let .scored(weights, reachScale):
            let mastery = estimates.mastery[skill]
            return weights.gain * (1 - mastery) + weights.closeness * min(1, mastery / threshold)
                + reachScale * Double(reach.count(of: skill))
        case .zero:
            return 0
        case .mastery:
            return estimates.mastery[skill]
        case let .table(values):
            return values[skill]
        }
    }
}
