/// Interval ends for the skills a planner asks about, computed when asked.
///
/// A mastery model gives every skill's probability at once, but each interval needs that
/// skill's variance, which is most of the arithmetic of a request (k²/2 multiply-adds per skill
/// at rank k). A planner needs an interval only where it can change the outcome: a skill
/// predicted at or above the threshold (whose lower end decides whether it is mastered), and
/// each step it returns (whose interval and practice estimate the step reports).
public protocol MasteryIntervalSource {
    /// The lower and upper ends of the intervals of `skills`, in the order given; each must
    /// satisfy `0 ≤ lower ≤ mastery ≤ upper ≤ 1` for the skill's mastery.
    func intervalEnds(of skills: [Int]) -> (lower: [Double], upper: [Double])

    /// For each of `skills` (each predicted at or above `threshold`), whether the lower end of
    /// its interval is certainly below `threshold`, known without computing the interval (for
    /// example from a lower bound on its spread). The planner asks ``intervalEnds(of:)`` only for
    /// the others until a skill becomes a step; a skill said to be below must be below by its
    /// interval too, or the path can differ from the one planned with every interval. The
    /// default knows none.
    func lowerEndsCertainlyBelow(_ threshold: Double, among skills: [Int]) -> [Bool]
}

extension MasteryIntervalSource {
    /// Settles none: every skill at or above the threshold gets its interval.
    public func lowerEndsCertainlyBelow(_ threshold: Double, among skills: [Int]) -> [Bool] {
        [Bool](repeating: false, count: skills.count)
    }
}

extension PathPlanner {
    /// The path for one student whose intervals come from `source`, asked only for the skills
    /// predicted at or above the threshold (when ``PlanOptions/requiresConfidentMastery``) that
    /// `source` cannot settle as below it, and for the steps of the path: the same path as
    /// ``plan(_:options:)`` given every interval, for a fraction of the intervals when the path
    /// is short.
    ///
    /// - Throws: what ``plan(_:options:)`` throws, and ``PlanningError/invalidEstimate(skill:mastery:lower:upper:)``
    ///   for a mastery outside [0, 1] or an interval from `source` that does not contain its mastery.
    public func plan(mastery: [Double], intervals source: some MasteryIntervalSource,
                     options: PlanOptions = PlanOptions(),
                     learningCurves: (any LearningCurveSource)? = nil) throws(PlanningError) -> LearningPath {
        guard mastery.count == skillCount else {
            throw .countMismatch(what: "mastery estimates", expected: skillCount, actual: mastery.count)
        }
        // Before the stand-ins below, which assume a threshold in (0, 1].
        try options.validate()
        var lower = mastery, upper = mastery
        var known = [Bool](repeating: false, count: skillCount)
        if options.requiresConfidentMastery {
            // Below the threshold the lower end is lower still: such a skill is not mastered
            // whatever its interval, so until it is a step, its mastery stands in for both ends.
            let threshold = options.masteryThreshold
            let candidates = (0..<skillCount).filter { mastery[$0] >= threshold }
            let below = source.lowerEndsCertainlyBelow(threshold, among: candidates)
            precondition(below.count == candidates.count,
                         "MasteryIntervalSource settled \(below.count) of \(candidates.count) skills")
            var undecided: [Int] = []
            undecided.reserveCapacity(candidates.count)
            for (skill, isBelow) in zip(candidates, below) {
                // Until it is a step, the largest value below the threshold stands in for its lower
                // end: not mastered, and within [0, mastery].
                if isBelow { lower[skill] = threshold.nextDown } else { undecided.append(skill) }
            }
            Self.fill(undecided, from: source, lower: &lower, upper: &upper, known: &known)
        }
        let provisional = try MasteryEstimates(mastery: mastery, lower: lower, upper: upper)
        return try plan(provisional, options: options, learningCurves: learningCurves) { (order: [Int32]) throws(PlanningError) -> MasteryEstimates in
            let missing = order.lazy.map(Int.init).filter { !known[$0] }
            guard !missing.isEmpty else { return provisional }
            let asked = Array(missing)
            Self.fill(asked, from: source, lower: &lower, upper: &upper, known: &known)
            // Only the new intervals need checking: the rest passed with the provisional estimates.
            try MasteryEstimates.validate(asked, mastery: mastery, lower: lower, upper: upper)
            return MasteryEstimates(validated: mastery, lower: lower, upper: upper)
        }
    }

    private static func fill(_ skills: [Int], from source: some MasteryIntervalSource, lower: inout [Double],
                             upper: inout [Double], known: inout [Bool]) {
        guard !skills.isEmpty else { return }
        let ends = source.intervalEnds(of: skills)
        precondition(ends.lower.count == skills.count && ends.upper.count == skills.count,
                     "MasteryIntervalSource gave \(ends.lower.count) lower and \(ends.upper.count) upper ends for \(skills.count) skills")
        for (index, skill) in skills.enumerated() {
            lower[skill] = ends.lower[index]
            upper[skill] = ends.upper[index]
            known[skill] = true
        }
    }
}
