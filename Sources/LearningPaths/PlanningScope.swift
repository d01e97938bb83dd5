import MasteryData

/// Per-skill facts of one planning request, packed in one byte pair per skill so a request
/// allocates a handful of skill-sized arrays and no dictionaries.
struct SkillFlags: OptionSet {
    let rawValue: UInt16
    /// Bit 0: ``PlanningScope`` counts unmastered prerequisites as `~rawValue & 1`.
    static let mastered = SkillFlags(rawValue: 1 << 0)
    static let goal = SkillFlags(rawValue: 1 << 1)
    static let excluded = SkillFlags(rawValue: 1 << 2)
    static let scheduled = SkillFlags(rawValue: 1 << 3)
    /// Scheduled, or an ancestor of a scheduled skill: goes first.
    static let scheduledTier = SkillFlags(rawValue: 1 << 4)
    /// A goal, an ancestor of one, or in the scheduled tier.
    static let inClosure = SkillFlags(rawValue: 1 << 5)
    /// On the depth-first stack: meeting it again means a cycle.
    static let visiting = SkillFlags(rawValue: 1 << 6)
    /// Unmastered and behind an excluded, unmastered skill.
    static let blockedByExclusion = SkillFlags(rawValue: 1 << 7)
    static let placed = SkillFlags(rawValue: 1 << 8)

    /// Needed and learnable by this path.
    var isPlannable: Bool {
        // One comparison, no branch: in the closure and none of the other three.
        let tested = Self.inClosure.rawValue | Self.mastered.rawValue | Self.excluded.rawValue | Self.blockedByExclusion.rawValue
        return rawValue & tested == Self.inClosure.rawValue
    }
}

/// The skills a request is about: the mastery rule applied, the goals' closure, the order to
/// walk it in, and how many unmastered prerequisites each needed skill still waits for.
///
/// The per-skill arrays are raw buffers (the hot loops write them without copy-on-write
/// checks); the owner calls ``deallocate()`` once the plan is built.
struct PlanningScope {
    let flags: UnsafeMutableBufferPointer<SkillFlags>
    /// Per skill: unmastered prerequisites not yet on the path.
    let missingPrerequisites: UnsafeMutableBufferPointer<Int32>
    /// Closure skills, each after all its prerequisites (the first `orderCount` entries).
    private let orderStorage: UnsafeMutableBufferPointer<Int32>
    private(set) var orderCount = 0
    private(set) var goals: [Int] = []
    private(set) var plannableCount = 0

    var skillCount: Int { flags.count }
    var order: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(rebasing: orderStorage[..<orderCount]) }

    /// `adjacency` is `graph`'s neighbour lists (both nil without a graph); the graph itself
    /// only names a cycle.
    init(skillCount: Int, estimates: MasteryEstimates, options: PlanOptions, graph: PrerequisiteGraph?,
         adjacency: Adjacency?) throws(PlanningError) {
        flags = .allocate(capacity: skillCount)
        flags.initialize(repeating: [])
        missingPrerequisites = .allocate(capacity: skillCount)
        missingPrerequisites.initialize(repeating: 0)
        orderStorage = .allocate(capacity: skillCount)
        do throws(PlanningError) {
            try markAndCollect(estimates: estimates, options: options, graph: graph, adjacency: adjacency)
        } catch {
            deallocate()
            throw error
        }
        countMissingPrerequisites(adjacency: adjacency)
    }

    func deallocate() {
        flags.deallocate()
        missingPrerequisites.deallocate()
        orderStorage.deallocate()
    }

    private mutating func markAndCollect(estimates: MasteryEstimates, options: PlanOptions, graph: PrerequisiteGraph?,
                                         adjacency: Adjacency?) throws(PlanningError) {
        let judged = options.requiresConfidentMastery ? estimates.lower : estimates.mastery
        let everySkillIsGoal = options.goals == nil
        let unmastered: SkillFlags = everySkillIsGoal ? .goal : []
        let mastered = unmastered.union(.mastered)
        for skill in 0..<skillCount {
            flags[skill] = judged[skill] >= options.masteryThreshold ? mastered : unmastered
        }
        for skill in options.demonstratedMastery { flags[skill] = mastered }
        if let goals = options.goals { try mark(goals, as: .goal, role: .goal) }
        try mark(options.excluded, as: .excluded, role: .excluded)
        try mark(options.scheduled, as: .scheduled, role: .scheduled)
        goals = everySkillIsGoal ? Array(0..<skillCount) : (0..<skillCount).filter { flags[$0].contains(.goal) }
        if !options.excluded.isEmpty, !options.scheduled.isEmpty,
           let conflict = (0..<skillCount).first(where: { flags[$0].isSuperset(of: [.excluded, .scheduled]) }) {
            throw .excludedAndScheduled(skill: conflict)
        }
        if let adjacency, let topologicalOrder = adjacency.topologicalOrder {
            if everySkillIsGoal && options.scheduled.isEmpty {
                // The closure of every skill is every skill, in the graph's order, with no tier.
                for skill in 0..<skillCount { flags[skill].insert(.inClosure) }
                _ = UnsafeMutableBufferPointer(rebasing: orderStorage[..<skillCount]).initialize(from: topologicalOrder)
                orderCount = skillCount
            } else {
                collectClosure(along: topologicalOrder, adjacency: adjacency)
            }
            return
        }
        // One stack for every seed: a thousand goals must not mean a thousand allocations.
        var frames: [DepthFirstFrame] = []
        // Scheduled seeds first, so their whole tier is collected before the goals' closure.
        for skill in 0..<skillCount where flags[skill].contains(.scheduled) {
            try collectClosure(from: skill, graph: graph, adjacency: adjacency, tier: .scheduledTier, frames: &frames)
        }
        for skill in goals {
            try collectClosure(from: skill, graph: graph, adjacency: adjacency, tier: [], frames: &frames)
        }
    }

    private func mark(_ skills: [Int], as flag: SkillFlags, role: PlanningError.SkillRole) throws(PlanningError) {
        for skill in skills {
            guard flags.indices.contains(skill) else {
                throw .skillOutOfRange(skill: skill, role: role, skillCount: flags.count)
            }
            flags[skill].insert(flag)
        }
    }

    /// The closure of an acyclic graph in one sweep: dependents before prerequisites, each
    /// closure skill passes its membership (and its scheduled tier) to its prerequisites.
    /// Then the closure in the graph's topological order.
    private mutating func collectClosure(along topologicalOrder: [Int32], adjacency: Adjacency) {
        for skill in topologicalOrder.reversed().lazy.map(Int.init) {
            var skillFlags = flags[skill]
            if skillFlags.contains(.scheduled) { skillFlags.formUnion([.inClosure, .scheduledTier]) }
            if skillFlags.contains(.goal) { skillFlags.insert(.inClosure) }
            guard skillFlags.contains(.inClosure) else { continue }
            flags[skill] = skillFlags
            let passed = skillFlags.intersection([.inClosure, .scheduledTier])
            for prerequisite in adjacency.prerequisites(of: skill) { flags[Int(prerequisite)].formUnion(passed) }
        }
        for skill in topologicalOrder where flags[Int(skill)].contains(.inClosure) {
            orderStorage[orderCount] = skill
            orderCount += 1
        }
    }

    /// A skill on the depth-first stack, its prerequisites (fetched once) and the next to visit.
    struct DepthFirstFrame {
        var skill: Int
        var prerequisites: UnsafeBufferPointer<Int32>
        var cursor: Int
    }

    /// Adds `seed` and its ancestors to the closure in post-order (iterative: a long chain
    /// must not overflow the stack). A prerequisite met again while still on the stack
    /// closes a cycle, which makes the request unplannable.
    private mutating func collectClosure(from seed: Int, graph: PrerequisiteGraph?, adjacency: Adjacency?, tier: SkillFlags,
                                         frames: inout [DepthFirstFrame]) throws(PlanningError) {
        guard !flags[seed].contains(.inClosure) else { return }
        guard let graph, let adjacency else {
            flags[seed].formUnion([.inClosure, tier])
            orderStorage[orderCount] = Int32(seed)
            orderCount += 1
            return
        }
        func push(_ skill: Int) {
            let prerequisites = adjacency.prerequisites(of: skill)
            frames.append(DepthFirstFrame(skill: skill, prerequisites: prerequisites, cursor: prerequisites.startIndex))
            flags[skill].insert(.visiting)
        }
        push(seed)
        while let frame = frames.last {
            if frame.cursor < frame.prerequisites.endIndex {
                frames[frames.count - 1].cursor += 1
                let prerequisite = Int(frame.prerequisites[frame.cursor])
                if flags[prerequisite].contains(.inClosure) { continue }
                if flags[prerequisite].contains(.visiting) { throw Self.cycleError(graph) }
                push(prerequisite)
                continue
            }
            frames.removeLast()
            flags[frame.skill].remove(.visiting)
            flags[frame.skill].formUnion([.inClosure, tier])
            orderStorage[orderCount] = Int32(frame.skill)
            orderCount += 1
        }
    }

    /// The graph's own report names every cycle; only called once a cycle is certain.
    private static func cycleError(_ graph: PrerequisiteGraph) -> PlanningError {
        do {
            _ = try graph.topologicalOrder()
        } catch {
            return .prerequisiteCycle(error)
        }
        preconditionFailure("a depth-first back edge proves a cycle that topologicalOrder() must report")
    }

    /// Walking prerequisites first, marks skills behind an unmastered exclusion and counts
    /// each needed skill's unmastered prerequisites.
    private mutating func countMissingPrerequisites(adjacency: Adjacency?) {
        for skill in order.lazy.map(Int.init) where !flags[skill].contains(.mastered) {
            // Without branches on each prerequisite's mastery, which follows no pattern a
            // predictor could learn: mispredicting it was half the time of this walk.
            var missing: Int32 = 0
            var unmasteredFlags: UInt16 = 0
            for prerequisite in adjacency?.prerequisites(of: skill) ?? UnsafeBufferPointer(start: nil, count: 0) {
                let raw = flags[Int(prerequisite)].rawValue
                let isUnmastered = ~raw & 1
                missing &+= Int32(isUnmastered)
                unmasteredFlags |= raw & (0 &- isUnmastered)
            }
            if !SkillFlags(rawValue: unmasteredFlags).isDisjoint(with: [.excluded, .blockedByExclusion]) {
                flags[skill].insert(.blockedByExclusion)
            }
            missingPrerequisites[skill] = missing
            if flags[skill].isPlannable { plannableCount += 1 }
        }
    }

    /// An empty neighbour list, for skills planned without a graph.
    static let noPrerequisites = PrerequisiteGraph(skillCount: 1, edges: []).prerequisites(of: 0)

    func state(of skill: Int) -> SkillState {
        let skillFlags = flags[skill]
        if skillFlags.contains(.mastered) { return .mastered }
        if !skillFlags.contains(.inClosure) { return .notNeeded }
        return missingPrerequisites[skill] == 0 ? .ready : .blocked
    }
}
