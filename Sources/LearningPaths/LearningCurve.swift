#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one student's mastery of one skill moves with practice, as a fitted model's practice
/// terms say (the PFA-style terms of DESIGN.md's model):
///
///     logit after practice = logit now + γ⁺·(log(1 + W + w) − log(1 + W))
///                                      + γ⁻·(log(1 + F + f) − log(1 + F))
///
/// where `W`, `F` are the student's earlier right and wrong answers on the skill and `w`, `f`
/// those still to come. For graded scores (``Scale/probability``) the same increments add to
/// the predicted score itself.
///
/// ``answers(from:toReach:cap:)`` turns that into the number a path step shows: each future
/// answer is taken at its expected outcome (right with the probability predicted just before
/// it, so `w` grows by `p` and `f` by `1 − p`) until the predicted mastery reaches the threshold.
/// A model with practice terms over the latest answers and runs adds those too
/// (``practiceWindow``), projected the same way.
public struct LearningCurve: Sendable, Equatable {
    /// Where the practice increments add up.
    public enum Scale: Sendable, Equatable {
        /// On the logit of the probability of a correct answer (0/1 answers).
        case logit
        /// On the predicted score itself (graded answers in [0, 1]).
        case probability
    }

    /// γ⁺: the change per unit of `log(1 + earlier right answers)`.
    public var gainCorrect: Double
    /// γ⁻: the change per unit of `log(1 + earlier wrong answers)`.
    public var gainWrong: Double
    /// Earlier right answers on the skill (fractional for scores).
    public var wins: Double
    /// Earlier wrong answers on the skill.
    public var fails: Double
    /// Where the increments add.
    public var scale: Scale
    /// The model's terms over the student's latest answers and runs on the skill, when it has them.
    public var practiceWindow: PracticeWindow?

    /// A curve from the model's practice gains of one skill and one student's counts on it.
    public init(gainCorrect: Double, gainWrong: Double, wins: Double = 0, fails: Double = 0, scale: Scale = .logit,
                practiceWindow: PracticeWindow? = nil) {
        self.gainCorrect = gainCorrect
        self.gainWrong = gainWrong
        self.wins = wins
        self.fails = fails
        self.scale = scale
        self.practiceWindow = practiceWindow
    }

    /// The expected number of answers until the predicted mastery, now `mastery`, reaches
    /// `threshold`: at least 1 (a step is practised at least once), and `cap` with
    /// ``PracticeNeed/reachesThreshold`` false when the curve does not get there within `cap`
    /// answers (a flat or falling curve never does: the model then sees no learning from
    /// practice alone, and the step says so instead of promising a number).
    public func answers(from mastery: Double, toReach threshold: Double, cap: Int) -> PracticeNeed {
        let target = scale == .logit ? Self.logit(threshold) : threshold
        let start = scale == .logit ? Self.logit(mastery) : mastery
        var current = start
        var wins = self.wins, fails = self.fails
        let baseWins = log1p(wins), baseFails = log1p(fails)
        var session: [Double] = []
        var streaks = (right: practiceWindow?.rightStreak ?? 0, wrong: practiceWindow?.wrongStreak ?? 0)
        let baseTerms = practiceWindow?.terms(after: [], streaks: streaks) ?? 0
        // A step whose curve cannot get there within the cap, said without walking it: after n
        // answers the counts are at most W + n and F + n, so the rise is at most what positive
        // gains give at W + cap and F + cap. Most steps of a weak student are such steps, and
        // their walk (an exp and two log1p per answer) was 7 % of a service's path request. The
        // margin keeps rounding in the walk's sums from ever making it reach what this excludes.
        if practiceWindow == nil, current < target {
            let answers = Double(max(cap, 1))
            let ceiling = start + max(gainCorrect, 0) * (log1p(wins + answers) - baseWins)
                + max(gainWrong, 0) * (log1p(fails + answers) - baseFails)
            if ceiling + 1e-9 < target { return PracticeNeed(answers: max(cap, 1), reachesThreshold: false) }
        }
        for answered in 0..<max(cap, 1) {
            if current >= target { return PracticeNeed(answers: max(answered, 1), reachesThreshold: true) }
            let expected = scale == .logit ? 1 / (1 + exp(-current)) : min(max(current, 0), 1)
            wins += expected
            fails += 1 - expected
            current = start + gainCorrect * (log1p(wins) - baseWins) + gainWrong * (log1p(fails) - baseFails)
            if let practiceWindow {
                session.append(expected)
                streaks = PracticeWindow.extend(streaks, expected: expected)
                current += practiceWindow.terms(after: session, streaks: streaks) - baseTerms
            }
        }
        return current >= target ? PracticeNeed(answers: max(cap, 1), reachesThreshold: true)
            : PracticeNeed(answers: max(cap, 1), reachesThreshold: false)
    }

    /// The logit of `p`, kept finite at 0 and 1 so a certain estimate still compares.
    static func logit(_ p: Double) -> Double {
        let clamped = min(max(p, 1e-12), 1 - 1e-12)
        return log(clamped / (1 - clamped))
    }
}

/// How many answers a step needs, by a ``LearningCurve`` (or the constant gain of
/// ``PlanOptions/masteryGainPerAnswer`` for callers without a model).
public struct PracticeNeed: Sendable, Equatable {
    /// Expected answers until mastery, at least 1; the cap when the threshold is not reached.
    public var answers: Int
    /// False when the model predicts the threshold is not reached within the cap.
    public var reachesThreshold: Bool

    /// A need of `answers` answers.
    public init(answers: Int, reachesThreshold: Bool) {
        self.answers = answers
        self.reachesThreshold = reachesThreshold
    }
}

/// Where a planner finds each skill's ``LearningCurve`` for the student being planned: asked only
/// for the skills whose practice it needs (the steps, and with an answer budget the goals'
/// closure), so a source may compute curves on demand.
public protocol LearningCurveSource {
    /// The curve of `skill` for this student.
    func learningCurve(of skill: Int) -> LearningCurve
}
