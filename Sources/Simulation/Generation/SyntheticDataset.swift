/// What to generate: how many learners and answers, the shape of the true model, the walk
/// learners take through the curriculum, and the seed that makes it all reproducible.
public struct SyntheticDataset: Sendable, Hashable, Codable {
    /// How many answers to generate.
    public enum AnswerVolume: Sendable, Hashable, Codable {
        /// On average this many answers per student (individual counts vary).
        case perStudent(mean: Double)
        /// Exactly this many answers over all students (e.g. 25 million for a benchmark).
        case total(Int)

        // Spelled out so truth.json reads `{"total": 25000000}`, not `{"total": {"_0": …}}`.
        private enum CodingKeys: String, CodingKey {
            case perStudentMean, total
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let total = try container.decodeIfPresent(Int.self, forKey: .total) {
                self = .total(total)
            } else {
                self = .perStudent(mean: try container.decode(Double.self, forKey: .perStudentMean))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .perStudent(let mean): try container.encode(mean, forKey: .perStudentMean)
            case .total(let total): try container.encode(total, forKey: .total)
            }
        }
    }

    /// Standard deviations and ranges of the true parameters (the generator's prior).
    public struct TruthSpread: Sendable, Hashable, Codable {
        /// σ of the student bias b_u.
        public var studentBias: Double = 1.0
        /// σ_p: p_u ~ N(0, σ_p²/k) and q_s ~ N(0, 1), so the interaction p_u·q_s has standard
        /// deviation σ_p whatever the rank k.
        public var studentFactors: Double = 0.7
        /// σ of the skill bias (easiness) b_s.
        public var skillBias: Double = 1.0
        /// σ of the item bias b_i.
        public var itemBias: Double = 0.5
        /// γ⁺_s, the practice gain after a correct answer, is uniform in this positive range.
        public var gainAfterCorrect: ClosedRange<Double> = 0.10...0.40
        /// γ⁻_s = γ⁺_s × a ratio uniform in this range: smaller in size, of either sign
        /// (a wrong answer may teach a little, or discourage).
        public var gainAfterWrongRatio: ClosedRange<Double> = -0.3...0.5

        public init() {}
    }

    /// How a learner moves through the curriculum.
    public struct WalkStyle: Sendable, Hashable, Codable {
        /// Answers in one sitting on a newly started skill.
        public var practiceLength: ClosedRange<Int> = 3...10
        /// Answers in one sitting when revisiting a skill.
        public var revisitLength: ClosedRange<Int> = 1...4
        /// Chance that the next sitting revisits an already started skill.
        public var revisitProbability: Double = 0.1
        /// Chance that the learner jumps to a skill whose prerequisites are not all started yet
        /// (assigned out of order), which is where the prerequisite penalty bites.
        public var skipAheadProbability: Double = 0.05
        /// Spread of answers per student: counts are log-normal with this σ around the mean.
        public var answerCountSpread: Double = 0.5

        public init() {}
    }

    public var students: Int
    public var answers: AnswerVolume
    /// Rank k of the factors p_u and q_s (0: no factors).
    public var rank: Int
    public var itemsPerSkill: Int
    public var seed: UInt64
    /// Fraction of items tagged with a second skill (a prerequisite of their skill when it has one).
    public var multiSkillFraction: Double
    public var schools: Int
    public var classesPerSchool: Int
    /// The students' grade, written in every response row.
    public var grade: Int
    /// Logit subtracted for each prerequisite of the skill practised fewer than
    /// `prerequisitePracticeThreshold` times so far. 0 keeps the data exactly on Lotrinh's model.
    public var prerequisitePenalty: Double
    public var prerequisitePracticeThreshold: Int
    /// The global bias μ is calibrated so that about this fraction of answers is correct.
    public var targetCorrectRate: Double
    public var spread: TruthSpread
    public var walk: WalkStyle

    public init(
        students: Int = 1_000,
        answers: AnswerVolume = .perStudent(mean: 200),
        rank: Int = 8,
        itemsPerSkill: Int = 20,
        seed: UInt64 = 1,
        multiSkillFraction: Double = 0,
        schools: Int = 10,
        classesPerSchool: Int = 4,
        grade: Int = 6,
        prerequisitePenalty: Double = 0,
        prerequisitePracticeThreshold: Int = 3,
        targetCorrectRate: Double = 0.65,
        spread: TruthSpread = TruthSpread(),
        walk: WalkStyle = WalkStyle()
    ) {
        self.students = students
        self.answers = answers
        self.rank = rank
        self.itemsPerSkill = itemsPerSkill
        self.seed = seed
        self.multiSkillFraction = multiSkillFraction
        self.schools = schools
        self.classesPerSchool = classesPerSchool
        self.grade = grade
        self.prerequisitePenalty = prerequisitePenalty
        self.prerequisitePracticeThreshold = prerequisitePracticeThreshold
        self.targetCorrectRate = targetCorrectRate
        self.spread = spread
        self.walk = walk
    }

    /// The demo dataset for `Curriculum.vietnameseGrade6Math`: prerequisites matter (a skill
    /// practised before its prerequisites is harder), as in real classrooms. Parameter-recovery
    /// tests keep the default zero penalty instead.
    public static func vietnameseGrade6Demo(students: Int = 2_000, seed: UInt64 = 2018) -> SyntheticDataset {
        SyntheticDataset(
            students: students, answers: .perStudent(mean: 250), seed: seed,
            multiSkillFraction: 0.1, grade: 6, prerequisitePenalty: 0.8, prerequisitePracticeThreshold: 3)
    }

    /// Total answers this configuration produces.
    public var totalAnswers: Int {
        switch answers {
        case .total(let total): total
        case .perStudent(let mean): Int((mean * Double(students)).rounded())
        }
    }

    func validate() throws(SimulationError) {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(SimulationError) {
            if !condition { throw .invalidConfiguration(message()) }
        }
        try require(students >= 1, "students must be ≥ 1, got \(students)")
        switch answers {
        case .perStudent(let mean):
            try require(mean.isFinite && mean >= 1, "answers per student must be ≥ 1, got \(mean)")
        case .total(let total):
            try require(total >= students, "total answers (\(total)) must be at least one per student (\(students))")
        }
        try require(rank >= 0, "rank must be ≥ 0, got \(rank)")
        try require(itemsPerSkill >= 1, "itemsPerSkill must be ≥ 1, got \(itemsPerSkill)")
        try require((0...1).contains(multiSkillFraction), "multiSkillFraction must be in 0…1, got \(multiSkillFraction)")
        try require(schools >= 1 && classesPerSchool >= 1, "schools and classesPerSchool must be ≥ 1")
        try require(prerequisitePenalty.isFinite, "prerequisitePenalty must be finite")
        try require(prerequisitePracticeThreshold >= 0, "prerequisitePracticeThreshold must be ≥ 0")
        try require(targetCorrectRate > 0.01 && targetCorrectRate < 0.99, "targetCorrectRate must be in (0.01, 0.99)")
        let spreads = [spread.studentBias, spread.studentFactors, spread.skillBias, spread.itemBias]
        try require(spreads.allSatisfy { $0.isFinite && $0 >= 0 }, "standard deviations must be finite and ≥ 0")
        try require(spread.gainAfterCorrect.lowerBound > 0, "gains after a correct answer must be positive")
        try require(
            spread.gainAfterWrongRatio.lowerBound >= -1 && spread.gainAfterWrongRatio.upperBound <= 1,
            "the wrong-answer gain must be smaller than the correct-answer gain (ratio within -1…1)")
        try require(walk.practiceLength.lowerBound >= 1 && walk.revisitLength.lowerBound >= 1, "sittings need ≥ 1 answer")
        try require(
            walk.revisitProbability >= 0 && walk.skipAheadProbability >= 0
                && walk.revisitProbability + walk.skipAheadProbability <= 1,
            "revisit and skip-ahead probabilities must be ≥ 0 and sum to at most 1")
        try require(walk.answerCountSpread.isFinite && walk.answerCountSpread >= 0, "answerCountSpread must be ≥ 0")
    }
}
