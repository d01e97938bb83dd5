import MasteryData

/// A trained model of mastery, as a value: its parameters and metadata, the math to predict
/// with them, and fold-in of new students.
///
///     P(correct | u, s, i) = σ(μ + b_u + b_s + b_i + p_u·q_s + γ⁺_s·log(1 + wins_us) + γ⁻_s·log(1 + fails_us))
///
/// Skill factors are stored skill by skill (`q_s` is `skillFactors[s·k ..< (s+1)·k]`), and so are
/// student factors. A model exported for services has no student rows.
public struct MasteryModel: Sendable {
    public var metadata: ModelMetadata
    /// μ.
    public var globalBias: Double
    public var skillBias: ParameterArray
    public var skillFactors: ParameterArray
    /// γ⁺ and γ⁻ per skill (zeros when the practice term is off).
    public var gainCorrect: ParameterArray
    public var gainWrong: ParameterArray
    public var itemIds: IdTable
    public var itemBias: ParameterArray
    public var studentIds: IdTable
    public var studentBias: ParameterArray
    public var studentFactors: ParameterArray
    /// Skill ids, for lookups (the same order as `metadata.skillIds`).
    public let skillIndex: IdTable

    public init(metadata: ModelMetadata, globalBias: Double, skillBias: ParameterArray, skillFactors: ParameterArray,
                gainCorrect: ParameterArray, gainWrong: ParameterArray, itemIds: IdTable = IdTable(),
                itemBias: ParameterArray = .empty, studentIds: IdTable = IdTable(),
                studentBias: ParameterArray = .empty, studentFactors: ParameterArray = .empty) {
        let skills = metadata.skillIds.count
        let rank = metadata.rank
        precondition(skillBias.count == skills && gainCorrect.count == skills && gainWrong.count == skills,
                     "one bias and two gains per skill")
        precondition(skillFactors.count == skills * rank, "rank × skills factors")
        precondition(itemBias.count == itemIds.count, "one bias per item")
        precondition(studentBias.count == studentIds.count && studentFactors.count == studentIds.count * rank,
                     "one bias and rank factors per student")
        self.metadata = metadata
        self.globalBias = globalBias
        self.skillBias = skillBias
        self.skillFactors = skillFactors
        self.gainCorrect = gainCorrect
        self.gainWrong = gainWrong
        self.itemIds = itemIds
        self.itemBias = itemBias
        self.studentIds = studentIds
        self.studentBias = studentBias
        self.studentFactors = studentFactors
        skillIndex = IdTable(metadata.skillIds)
    }

    public var kind: ModelKind { metadata.kind }
    public var rank: Int { metadata.rank }
    public var skillCount: Int { metadata.skillIds.count }
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
    public func factors(ofSkill skill: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(rebasing: skillFactors.buffer[(skill * rank)..<((skill + 1) * rank)])
    }

    @inline(__always)
    public func factors(ofStudent student: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(rebasing: studentFactors.buffer[(student * rank)..<((student + 1) * rank)])
    }
}
