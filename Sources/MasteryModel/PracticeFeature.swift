#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A practice term beyond the lifetime counts on the row's skill (issue 16, in the spirit of
/// DAS3H and Best-LR+), each with its own weight per skill, fitted with γ⁺ and γ⁻:
///
///     … + Σ_f w_{s,f} · x_f(u, s, t)
///
/// Every value is computed from the student's earlier *answers* only (the shared datasets have
/// no timestamps, so windows count answers, not hours). The related counts also need the model's
/// prerequisite graph (``RelatedSkills``).
public enum PracticeFeature: String, Codable, Sendable, CaseIterable {
    /// `log(1 + wins)` over every skill: the student's right answers so far, whatever the skill.
    case totalWins
    /// `log(1 + fails)` over every skill.
    case totalFails
    /// `log(1 + n)`, `n` the answers on the row's skill among the student's last ``window`` answers.
    case recentAttempts
    /// `log(1 + w)`, `w` the right answers on the row's skill among the student's last ``window`` answers.
    case recentWins
    /// `log(1 + g)`, `g` the student's answers since the last one on the row's skill (0 before the first).
    case answersSince
    /// `log(1 + r)`, `r` the right answers in a row at the end of the student's answers on the skill
    /// (an outcome of at least one half counts as right).
    case rightStreak
    /// `log(1 + r)`, `r` the wrong answers in a row at the end of the student's answers on the skill.
    case wrongStreak
    /// The outcome of the student's previous answer, whatever its skill (0 before the first).
    case previousWin
    /// One minus the outcome of the student's previous answer (0 before the first).
    case previousFail
    /// `log(1 + w)`, `w` the student's right answers so far on the skills next to the row's skill
    /// in the prerequisite graph (its prerequisites and its dependents; ``RelatedSkills``).
    /// Practice on a neighbour tells about a skill the student has never answered, which is
    /// every row of Junyi 2015's random split (BENCHMARKS.md "Practice on related skills").
    case relatedWins
    /// `log(1 + f)`, `f` the student's wrong answers so far on the skills next to the row's skill.
    case relatedFails

    /// Whether the feature counts answers on other skills through the prerequisite graph.
    public var needsPrerequisiteGraph: Bool { self == .relatedWins || self == .relatedFails }

    /// Whether the feature reads the order of the student's answers (windows, runs, totals, the
    /// previous answer), kept in a state's ``PracticeHistory``. The related pair reads only the
    /// win and fail tallies every state keeps, so a default fit with a graph keeps no history.
    public var needsAnswerHistory: Bool { !needsPrerequisiteGraph }

    /// The window of ``recentAttempts`` and ``recentWins``, in answers: 5 beat 3, 10 and 20 on
    /// ASSISTments 2009 (online, 5 folds, BENCHMARKS.md "Richer practice features").
    public static let window = 5

    /// The name in `inspect`, ablations and errors.
    public var displayName: String {
        switch self {
        case .totalWins: "total wins"
        case .totalFails: "total fails"
        case .recentAttempts: "recent attempts"
        case .recentWins: "recent wins"
        case .answersSince: "answers since"
        case .rightStreak: "right streak"
        case .wrongStreak: "wrong streak"
        case .previousWin: "previous win"
        case .previousFail: "previous fail"
        case .relatedWins: "related wins"
        case .relatedFails: "related fails"
        }
    }
}

/// The raw counts a row's practice terms are made of, however they were gathered (a training
/// pass over dense per-skill arrays, or a student's online state); `write(_:into:)` turns
/// them into the terms' values, so that every path computes the same numbers.
public struct PracticeCounts: Sendable, Equatable {
    public var skillWins = 0.0, skillFails = 0.0
    public var totalWins = 0.0, totalFails = 0.0
    public var recentAttempts = 0.0, recentWins = 0.0
    /// Answers since the last one on the skill; 0 when there was none.
    public var answersSince = 0.0
    public var rightStreak = 0.0, wrongStreak = 0.0
    public var previousWin = 0.0, previousFail = 0.0
    /// Wins and fails summed over the skill's neighbours in the prerequisite graph.
    public var relatedWins = 0.0, relatedFails = 0.0

    public init() {}

    /// `log(1 + wins)`, `log(1 + fails)`, then each of `features` in order: `2 + features.count` values.
    @inline(__always)
    package func write(_ features: [PracticeFeature], into values: UnsafeMutablePointer<Float>) {
        // The table's address read once per row, not once per value: each read of a static is a
        // `swift_once` check.
        let table = Self.table
        values[0] = Self.logCount(skillWins, table: table)
        values[1] = Self.logCount(skillFails, table: table)
        for index in features.indices {
            let count: Double
            switch features[index] {
            case .totalWins: count = totalWins
            case .totalFails: count = totalFails
            case .recentAttempts: count = recentAttempts
            case .recentWins: count = recentWins
            case .answersSince: count = answersSince
            case .rightStreak: count = rightStreak
            case .wrongStreak: count = wrongStreak
            case .relatedWins: count = relatedWins
            case .relatedFails: count = relatedFails
            case .previousWin: values[2 + index] = Float(previousWin); continue
            case .previousFail: values[2 + index] = Float(previousFail); continue
            }
            values[2 + index] = Self.logCount(count, table: table)
        }
    }

    /// `log(1 + n)` rounded to Float, from a table for the small whole counts of 0/1 answers
    /// (a logarithm per term and row would cost fold-in a tenth of its time).
    @inline(__always)
    package static func logCount(_ count: Double) -> Float { logCount(count, table: table) }

    @inline(__always)
    static func logCount(_ count: Double, table: UnsafePointer<Float>) -> Float {
        if count >= 0 && count < Double(tableSize) {
            let whole = Int(count)
            if Double(whole) == count { return table[whole] }
        }
        return Float(log1p(count))
    }

    private static let tableSize = 1024

    /// Lives as long as the process; a pointer rather than an array, so that reading it retains
    /// nothing. Written once before any read and never again, so sharing it across threads is safe.
    nonisolated(unsafe) static let table: UnsafePointer<Float> = {
        let values = UnsafeMutablePointer<Float>.allocate(capacity: tableSize)
        for count in 0..<tableSize { values[count] = Float(log1p(Double(count))) }
        return UnsafePointer(values)
    }()
}
