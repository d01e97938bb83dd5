import MasteryData

/// Places the plannable skills one at a time (Kahn's algorithm): a skill becomes a candidate
/// once its last unmastered prerequisite is placed, and the best candidate by the strategy
/// goes next. Two terms depend on the previous step: the topic term (a second queue per topic,
/// instead of re-scoring the whole ready set after every step) and the continuity term (the
/// previous step's few graph neighbours, checked one by one).
struct StepOrdering {
    let adjacency: Adjacency?
    /// Topic per skill (negative: none), and the number of topics; nil when the topic term is off.
    let topics: [Int]?
    let topicCount: Int
    let topicBonus: Double
    /// The continuity weight; zero when the term is off or there is no graph.
    let continuityBonus: Double

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
        if case let .scored(weights) = strategy, adjacency != nil {
            continuityBonus = weights.continuity
        } else {
            continuityBonus = 0
        }
    }

    /// The plannable skills in path order, at most `limit` of them; marks each placed.
    /// `recentSkills` (most recent last) stand in for the previous step before the first one.
    func order(scope: PlanningScope, priorities rule: StepPriorities, limit: Int, recentSkills: [Int] = []) -> [Int32] {
        let flags = scope.flags, missingPrerequisites = scope.missingPrerequisites
        var ready = ReadyQueue(capacity: scope.plannableCount)
        var readyByTopic = topicQueues(scope: scope)
        // Written for each skill as it becomes ready; only ready skills are compared.
        let priorities = UnsafeMutableBufferPointer<Double>.allocate(capacity: scope.skillCount)
        var neighbourhood = continuityBonus > 0 ? Neighbourhood(skillCount: scope.skillCount) : nil
        defer {
            ready.deallocate()
            for queue in readyByTopic { queue.deallocate() }
            priorities.deallocate()
            neighbourhood?.deallocate()
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
        if let adjacency, neighbourhood != nil {
            // In range: the planner checked them before the scope was built.
            for skill in recentSkills.suffix(PlanOptions.recentSkillAnchors) {
                neighbourhood!.mark(around: skill, adjacency: adjacency, includingItself: true)
            }
        }

        var path: [Int32] = []
        path.reserveCapacity(min(limit, scope.plannableCount))
        var previousTopic = -1
        while path.count < limit {
            Self.dropPlaced(&ready, flags)
            let bonus = Bonus(topics: topics, previousTopic: previousTopic, topicBonus: topicBonus,
                              neighbourhood: neighbourhood, continuityBonus: continuityBonus)
            var best = ready.first.map { Int($0.skill) }
            if let topics, previousTopic >= 0 {
                Self.dropPlaced(&readyByTopic[previousTopic], flags)
                if let sameTopic = readyByTopic[previousTopic].first {
                    best = better(Int(sameTopic.skill), best, flags: flags, priorities: priorities, bonus: bonus)
                }
            }
            if let neighbourhood {
                for skill in neighbourhood.members
                where flags[skill].isPlannable && missingPrerequisites[skill] == 0 && !flags[skill].contains(.placed) {
                    best = better(skill, best, flags: flags, priorities: priorities, bonus: bonus)
                }
            }
            guard let skill = best else { break }
            // Queue heads already placed are discarded when they surface (lazy deletion).
            flags[skill].insert(.placed)
            path.append(Int32(skill))
            previousTopic = topics?[skill] ?? -1
            for dependent in adjacency?.dependents(of: skill) ?? UnsafeBufferPointer(start: nil, count: 0)
            where flags[Int(dependent)].isPlannable {
                missingPrerequisites[Int(dependent)] -= 1
                if missingPrerequisites[Int(dependent)] == 0 { makeReady(Int(dependent)) }
            }
            if let adjacency, neighbourhood != nil {
                neighbourhood!.clear()
                neighbourhood!.mark(around: skill, adjacency: adjacency, includingItself: false)
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

    /// The better of `challenger` and `best` once both carry their bonuses for the previous
    /// step: scheduled tier, then priority plus bonus, then the smaller index.
    @inline(__always)
    private func better(_ challenger: Int, _ best: Int?, flags: UnsafeMutableBufferPointer<SkillFlags>,
                        priorities: UnsafeMutableBufferPointer<Double>, bonus: Bonus) -> Int {
        guard let best, best != challenger else { return challenger }
        let challengerTier = flags[challenger].contains(.scheduledTier), bestTier = flags[best].contains(.scheduledTier)
        if challengerTier != bestTier { return challengerTier ? challenger : best }
        let mine = priorities[challenger] + bonus.of(challenger), theirs = priorities[best] + bonus.of(best)
        if mine != theirs { return mine > theirs ? challenger : best }
        return min(challenger, best)
    }

    /// Discards queue heads already placed through the other queue.
    private static func dropPlaced(_ queue: inout ReadyQueue, _ flags: UnsafeMutableBufferPointer<SkillFlags>) {
        while let head = queue.first, flags[Int(head.skill)].contains(.placed) { queue.removeFirst() }
    }
}

/// The terms of the score that depend on the previous step.
private struct Bonus {
    let topics: [Int]?
    let previousTopic: Int
    let topicBonus: Double
    let neighbourhood: Neighbourhood?
    let continuityBonus: Double

    @inline(__always)
    func of(_ skill: Int) -> Double {
        var total = 0.0
        if let topics, previousTopic >= 0, topics[skill] == previousTopic { total += topicBonus }
        if let neighbourhood, neighbourhood.contains(skill) { total += continuityBonus }
        return total
    }
}

/// The skills next to the previous step in the graph, which the continuity term favours: its
/// prerequisites and dependents, and the other prerequisites of its dependents (learning them
/// opens the same next skill). Before the first step, the student's most recent skills and
/// their neighbours. A few dozen skills at most, kept in a list with a membership mark.
struct Neighbourhood {
    private let isMember: UnsafeMutableBufferPointer<Bool>
    private(set) var members: [Int] = []

    init(skillCount: Int) {
        isMember = .allocate(capacity: skillCount)
        isMember.initialize(repeating: false)
    }

    func deallocate() { isMember.deallocate() }

    @inline(__always)
    func contains(_ skill: Int) -> Bool { isMember[skill] }

    mutating func mark(around skill: Int, adjacency: Adjacency, includingItself: Bool) {
        if includingItself { insert(skill) }
        for prerequisite in adjacency.prerequisites(of: skill) { insert(Int(prerequisite)) }
        for dependent in adjacency.dependents(of: skill) {
            insert(Int(dependent))
            for sibling in adjacency.prerequisites(of: Int(dependent)) where Int(sibling) != skill { insert(Int(sibling)) }
        }
    }

    mutating func clear() {
        for skill in members { isMember[skill] = false }
        members.removeAll(keepingCapacity: true)
    }

    private mutating func insert(_ skill: Int) {
        guard !isMember[skill] else { return }
        isMember[skill] = true
        members.append(skill)
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
