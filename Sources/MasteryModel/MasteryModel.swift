import MasteryData

/// A trained model of mastery, as a value: its parameters and metadata, the math to predict
/// with them, and fold-in of new students.
///
///     P(correct | u, s, i) = σ(μ + b_u + b_s + b_i + p_u·q_s + γ⁺_s·log(1 + wins_us) + γ⁻_s·log(1 + fails_us)
///                              + Σ_f w_{s,f}·x_f)
///
/// where the `x_f` are the model's further practice features (``PracticeFeature``; none in models
/// written before them).
///
/// Skill factors are stored skill by skill (`q_s` is `skillFactors[s·k ..< (s+1)·k]`), and so are
/// student factors. A model exported for services has no student rows.
public struct MasteryModel: Sendable {
    /// Everything that is not a parameter: kind, rank, terms, penalties, and the skill ids the
    /// per-skill arrays follow (see ``ModelMetadata``).
    public var metadata: ModelMetadata
    /// μ.
    public var globalBias: Double
    /// `b_s`, one per skill, in the order of `metadata.skillIds`.
    public var skillBias: ParameterArray
    /// `q_s`, `rank` values per skill, stored skill by skill (see `factors(ofSkill:)`).
    public var skillFactors: ParameterArray
    /// γ⁺ per skill, the weight of `log(1 + wins)` (zeros when the practice term is off).
    public var gainCorrect: ParameterArray
    /// γ⁻ per skill, the weight of `log(1 + fails)` (zeros when the practice term is off).
    public var gainWrong: ParameterArray
    /// The weights of `metadata.terms.activePracticeFeatures`, skill by skill (skill `s`'s at
    /// `s·F ..< (s+1)·F` for `F` features); empty when the model has none.
    public var practiceWeights: ParameterArray
    /// The weights of `metadata.terms.nextAnswerFeatures`, shared by every skill; empty when the
    /// model has none. They enter ``logit(of:for:)`` only, never mastery.
    public var nextAnswerWeights: ParameterArray
    /// Item (question) ids in parameter order: item `i`'s bias is `itemBias[i]`. Empty when the model
    /// has no item biases.
    public var itemIds: IdTable
    /// `b_i`, one per entry of ``itemIds``.
    public var itemBias: ParameterArray
    /// Ids of the trained students, in parameter order; empty in a model exported for services
    /// (see ``withoutStudents()``).
    public var studentIds: IdTable
    /// `b_u`, one per entry of ``studentIds``.
    public var studentBias: ParameterArray
    /// `p_u`, `rank` values per student, stored student by student (see `factors(ofStudent:)`).
    public var studentFactors: ParameterArray
    /// Skill ids, for lookups (the same order as `metadata.skillIds`).
    public let skillIndex: IdTable
    /// The neighbours of each skill in `metadata.prerequisites`, built when the model has a related
    /// practice feature (``PracticeFeature/relatedWins``) and ``RelatedSkills/none`` otherwise.
    public let relatedSkills: RelatedSkills
    /// The file the model was loaded from and its identity then; nil for a model built in memory.
    /// A service asks ``ModelSourceFile/hasChanged`` to know when to load a new model.
    public var sourceFile: ModelSourceFile?

    /// Assembles a model from its parameters. The counts must agree with `metadata` (one bias and two
    /// gains per skill, `rank` factors per skill and per student, one bias per item and per student),
    /// or the initializer traps. ``skillIndex`` is built from `metadata.skillIds`.
    public init(metadata: ModelMetadata, globalBias: Double, skillBias: ParameterArray, skillFactors: ParameterArray,
                gainCorrect: ParameterArray, gainWrong: ParameterArray, practiceWeights: ParameterArray = .empty,
                nextAnswerWeights: ParameterArray = .empty, itemIds: IdTable = IdTable(),
                itemBias: ParameterArray = .empty, studentIds: IdTable = IdTable(),
                studentBias: ParameterArray = .empty, studentFactors: ParameterArray = .empty) {
        let skills = metadata.skillIds.count
        let rank = metadata.rank
        precondition(skillBias.count == skills && gainCorrect.count == skills && gainWrong.count == skills,
                     "one bias and two gains per skill")
        precondition(skillFactors.count == skills * rank, "rank × skills factors")
        precondition(practiceWeights.count == skills * metadata.terms.activePracticeFeatures.count,
                     "one weight per skill and practice feature")
        precondition(nextAnswerWeights.count == metadata.terms.nextAnswerFeatures.count, "one weight per next-answer feature")
        precondition(itemBias.count == itemIds.count, "one bias per item")
        precondition(studentBias.count == studentIds.count && studentFactors.count == studentIds.count * rank,
                     "one bias and rank factors per student")
        self.metadata = metadata
        self.globalBias = globalBias
        self.skillBias = skillBias
        self.skillFactors = skillFactors
        self.gainCorrect = gainCorrect
        self.gainWrong = gainWrong
        self.practiceWeights = practiceWeights
        self.nextAnswerWeights = nextAnswerWeights
        self.itemIds = itemIds
        self.itemBias = itemBias
        self.studentIds = studentIds
        self.studentBias = studentBias
        self.studentFactors = studentFactors
        skillIndex = IdTable(metadata.skillIds)
        relatedSkills = metadata.terms.activePracticeFeatures.contains(where: \.needsPrerequisiteGraph)
            ? RelatedSkills(skillCount: skills, metadataEdges: metadata.prerequisites) : .none
    }

    /// Whether the model predicts 0/1 correctness or graded scores (`metadata.kind`).
    public var kind: ModelKind { metadata.kind }
    /// `k`, the number of latent factors per skill and per student (`metadata.rank`).
    public var rank: Int { metadata.rank }
    /// The number of skills, and so the length of every per-skill array.
    public var skillCount: Int { metadata.skillIds.count }
    /// The further practice features the model weighs (``PracticeFeature``), in weight order.
    public var practiceFeatures: [PracticeFeature] { metadata.terms.activePracticeFeatures }
    /// The terms of the next answer's probability only (``ModelTerms/nextAnswerFeatures``), in weight order.
    public var nextAnswerFeatures: [PracticeFeature] { metadata.terms.nextAnswerFeatures }
    /// Whether a student's state keeps the order of their answers (``PracticeHistory``): only for
    /// features that read it (``PracticeFeature/needsAnswerHistory``), of mastery or of the next answer.
    public var keepsAnswerHistory: Bool {
        practiceFeatures.contains(where: \.needsAnswerHistory) || nextAnswerFeatures.contains(where: \.needsAnswerHistory)
    }
    /// Values per row of the practice terms: `log(1 + wins)`, `log(1 + fails)`, then ``practiceFeatures``.
    public var practiceStride: Int { 2 + practiceFeatures.count }

    /// Whether the model holds trained students' rows (false after ``withoutStudents()``).
    public var hasStudents: Bool { studentIds.count > 0 }

    /// The same model without any student row, for services that fold students in from their own data.
    public func withoutStudents() -> MasteryModel {
        var copy = self
        copy.studentIds = IdTable()
        copy.studentBias = .empty
        copy.studentFactors = .empty
        return copy
    }

    /// `q_s` as a buffer of `rank` doubles.
    @inline(__always)
    package func factors(ofSkill skill: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(rebasing: skillFactors.buffer[(skill * rank)..<((skill + 1) * rank)])
    }

    /// `p_u` of student index `student` as a buffer of `rank` doubles; it points into the model's
    /// storage, so it is valid only while the model lives.
    @inline(__always)
    package func factors(ofStudent student: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(rebasing: studentFactors.buffer[(student * rank)..<((student + 1) * rank)])
    }
}
