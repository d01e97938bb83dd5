import MasteryData

/// Plans learning paths over one curriculum: the prerequisite graph, topics and resources
/// are fixed at creation; each ``plan(_:options:)`` call takes one student's mastery.
///
/// A path lists the not-yet-mastered skills of the goals' closure (the goals and all their
/// ancestors), each after every prerequisite that is not mastered: zero prerequisite
/// violations, checked on every call before the path is returned. Among the steps available
/// at each point, ``PlanOptions/strategy`` decides; the default score is documented on
/// ``ScoreWeights``. What depends only on the curriculum is derived once, at creation: flat
/// neighbour lists, a topological order, and (acyclic graphs up to
/// ``DescendantRows/maximumSkillCount`` skills, skills² / 8 bytes) every skill's descendants.
/// A plan then costs a few skill-sized buffers and O(skills + edges + ready skills · skills /
/// 64) time, where the ready skills are those scored before the path is complete (a short path
/// scores a few dozen); no dictionaries. Without the descendant rows, O(skills + edges ·
/// goals / 64).
///
/// The planner is an immutable value: share one across threads and call it concurrently.
public struct PathPlanner: Sendable {
    /// The number of skills every request's estimates must cover.
    public let skillCount: Int
    /// Nil when no prerequisites were given: paths are then rankings, and say so.
    public let graph: PrerequisiteGraph?
    /// Topic index per skill (negative: none), for the topic term of the score.
    public let topics: [Int]?
    /// Learning material per skill.
    public let resources: [[Resource]]?
    let topicCount: Int
    /// `graph`'s neighbour lists in flat storage, for the per-request walks.
    let adjacency: Adjacency?
    /// Every skill's descendants, when the graph is acyclic and small enough to afford them.
    let descendants: DescendantRows?

    /// - Parameters:
    ///   - topics: a topic index per skill, negative for none; ``topicIndices(_:)`` makes
    ///     them from names such as `SkillCatalog.topics`.
    public init(skillCount: Int, graph: PrerequisiteGraph? = nil, topics: [Int]? = nil,
                resources: [[Resource]]? = nil) throws(PlanningError) {
        if let graph, graph.skillCount != skillCount {
            throw .countMismatch(what: "prerequisite graph skills", expected: skillCount, actual: graph.skillCount)
        }
        if let topics, topics.count != skillCount {
            throw .countMismatch(what: "topics", expected: skillCount, actual: topics.count)
        }
        if let resources, resources.count != skillCount {
            throw .countMismatch(what: "resource lists", expected: skillCount, actual: resources.count)
        }
        self.skillCount = skillCount
        self.graph = graph
        let adjacency = graph.map(Adjacency.init)
        self.adjacency = adjacency
        descendants = adjacency.flatMap { DescendantRows(adjacency: $0, skillCount: skillCount) }
        self.topics = topics
        self.resources = resources
        topicCount = (topics?.max() ?? -1) + 1
    }

    /// Dense topic indices for topic names: equal names share an index, in order of first
    /// appearance; an empty name means no topic (-1).
    public static func topicIndices(_ names: [String]) -> [Int] {
        var index: [String: Int] = [:]
        return names.map { name in
            if name.isEmpty { return -1 }
            if let known = index[name] { return known }
            index[name] = index.count
            return index.count - 1
        }
    }

    /// The path for one student.
    ///
    /// - Parameter learningCurves: where each step's practice comes from (the model's learning
    ///   curves; see ``LearningCurve``); without it, ``PlanOptions/masteryGainPerAnswer``.
    /// - Throws: ``PlanningError`` for estimates of the wrong length, goals, excluded, scheduled
    ///   or recent skills out of range, invalid options, a prerequisite cycle among the skills
    ///   the goals need, or (a planner bug) a path that fails the planner's own check.
    public func plan(_ estimates: MasteryEstimates, options: PlanOptions = PlanOptions(),
                     learningCurves: (any LearningCurveSource)? = nil) throws(PlanningError) -> LearningPath {
        try plan(estimates, options: options, learningCurves: learningCurves, stepEstimates: nil)
    }

    /// The plan, with `stepEstimates` (when given) supplying the estimates the steps are built
    /// from once the order is known: ``plan(mastery:intervals:options:learningCurves:)`` fills in
    /// the intervals of the steps there, which the order itself does not depend on.
    func plan(_ estimates: MasteryEstimates, options: PlanOptions, learningCurves: (any LearningCurveSource)?,
              stepEstimates: ((_ order: [Int32]) throws(PlanningError) -> MasteryEstimates)?) throws(PlanningError) -> LearningPath {
        guard estimates.skillCount == skillCount else {
            throw .countMismatch(what: "mastery estimates", expected: skillCount, actual: estimates.skillCount)
        }
        try options.validate()
        if let outside = options.recentSkills.first(where: { !(0..<skillCount).contains($0) }) {
            throw .invalidOption("recent skill \(outside) is not one of the \(skillCount) skills (0..<\(skillCount))")
        }
        if let outside = options.sessionPractice.keys.sorted().first(where: { !(0..<skillCount).contains($0) }) {
            throw .invalidOption("session-practice skill \(outside) is not one of the \(skillCount) skills (0..<\(skillCount))")
        }
        if let outside = options.sessionSchedule.first(where: { !(0..<skillCount).contains($0) }) {
            throw .invalidOption("session-schedule skill \(outside) is not one of the \(skillCount) skills (0..<\(skillCount))")
        }
        if let outside = options.demonstratedMastery.first(where: { !(0..<skillCount).contains($0) }) {
            throw .invalidOption("demonstrated skill \(outside) is not one of the \(skillCount) skills (0..<\(skillCount))")
        }
        let scope = try PlanningScope(skillCount: skillCount, estimates: estimates, options: options, graph: graph,
                                      adjacency: adjacency)
        defer { scope.deallocate() }
        let states = [SkillState](unsafeUninitializedCapacity: skillCount) { states, initialized in
            for skill in 0..<skillCount { states.initializeElement(at: skill, to: scope.state(of: skill)) }
            initialized = skillCount
        }
        let reach = GoalReach(scope: scope, adjacency: adjacency, descendants: descendants)
        if let budget = options.maximumAnswers {
            return try planWithinBudget(budget, estimates: estimates, options: options, learningCurves: learningCurves,
                                        stepEstimates: stepEstimates, scope: scope, reach: reach, states: states)
        }
        let priorities = StepPriorities(strategy: options.strategy, estimates: estimates,
                                        threshold: options.masteryThreshold, reach: reach, scope: scope)
        let ordering = StepOrdering(adjacency: adjacency, topics: topics, topicCount: topicCount, strategy: options.strategy)
        let order = keepingSessionOrder(
            ordering.order(scope: scope, priorities: priorities, limit: options.maximumLength ?? Int.max,
                           recentSkills: options.recentSkills),
            sessionOrder: options.sessionOrder, scope: scope)
        precondition(order.count == min(options.maximumLength ?? Int.max, scope.plannableCount),
                     "the closure is acyclic, so every plannable skill must become ready")

        let violations = prerequisiteViolations(in: order, flags: scope.flags, adjacency: adjacency)
        guard violations.isEmpty else { throw .selfCheckFailed(violations) }

        let estimates = try stepEstimates?(order) ?? estimates
        let context = StepContext(graph: graph, resources: resources, goalRows: reach.rows)
        // Built in place: mapping would copy each step (and retain its context) once more.
        let steps = [PathStep](unsafeUninitializedCapacity: order.count) { steps, initialized in
            for (index, skill) in order.enumerated() {
                (steps.baseAddress! + index).initialize(
                    to: step(Int(skill), estimates: estimates, options: options, learningCurves: learningCurves,
                             scope: scope, context: context))
            }
            initialized = order.count
        }
        return LearningPath(
            steps: steps, states: states, graphGiven: graph != nil, goals: scope.goals,
            omittedByLength: scope.plannableCount - steps.count,
            blockedByExclusion: blockedByExclusion(scope, options: options))
    }

    /// The closure skills that an unmastered excluded skill keeps off the path, ascending (only
    /// closure skills carry the flag, so scanning every skill lists them in order).
    func blockedByExclusion(_ scope: PlanningScope, options: PlanOptions) -> [Int] {
        options.excluded.isEmpty ? [] : (0..<skillCount).filter {
            scope.flags[$0].contains(.blockedByExclusion) && !scope.flags[$0].contains(.excluded)
        }
    }

    private func step(_ skill: Int, estimates: MasteryEstimates, options: PlanOptions,
                      learningCurves: (any LearningCurveSource)?, scope: PlanningScope, context: StepContext) -> PathStep {
        let flags = scope.flags[skill]
        let reason: StepReason
        if flags.contains(.scheduledTier) {
            reason = .scheduled
        } else if estimates.mastery[skill] >= options.masteryThreshold {
            reason = .confirmMastery
        } else if flags.contains(.goal) {
            reason = .goal
        } else {
            reason = .prerequisite(goalCount: context.goalRows.count(ofRow: skill))
        }
        let prerequisites = adjacency?.prerequisites(of: skill) ?? UnsafeBufferPointer(start: nil, count: 0)
        let need = practiceNeed(of: skill, estimates: estimates, options: options, learningCurves: learningCurves)
        return PathStep(
            skill: skill, mastery: estimates.mastery[skill], lower: estimates.lower[skill], upper: estimates.upper[skill],
            prerequisitesOnPath: prerequisites.count { !scope.flags[Int($0)].contains(.mastered) },
            isGoal: flags.contains(.goal),
            estimatedPractice: need.answers, practiceReachesThreshold: need.reachesThreshold,
            reason: reason, context: context)
    }

    /// The answers `skill` needs: from its learning curve when there is one, else at the
    /// constant gain of the options.
    func practiceNeed(of skill: Int, estimates: MasteryEstimates, options: PlanOptions,
                      learningCurves: (any LearningCurveSource)?) -> PracticeNeed {
        if let learningCurves {
            return learningCurves.learningCurve(of: skill).answers(
                from: estimates.mastery[skill], toReach: options.masteryThreshold, cap: options.maximumPracticePerStep)
        }
        let judged = options.requiresConfidentMastery ? estimates.lower[skill] : estimates.mastery[skill]
        let answers = Self.practice(gap: options.masteryThreshold - judged, gainPerAnswer: options.masteryGainPerAnswer)
        return PracticeNeed(answers: answers, reachesThreshold: true)
    }

    /// Answers until the gap closes at `gainPerAnswer` each: at least one, and `Int.max` where
    /// the count would not fit (a gain of 1e-300 is valid and used to overflow `Int`).
    @inline(__always)
    static func practice(gap: Double, gainPerAnswer: Double) -> Int {
        // The small slack keeps 0.3 / 0.1 (3.0000000000000004 in binary) at three answers.
        let answers = gap / gainPerAnswer - 1e-9
        guard answers > 1 else { return 1 }
        guard answers < 0x1p63 else { return .max }
        // Rounded up by truncation and a comparison: `rounded(.up)` is a library call on the
        // baseline x86-64 target, which has no rounding instruction.
        let truncated = Int(answers)
        return Double(truncated) < answers ? truncated + 1 : truncated
    }
}
