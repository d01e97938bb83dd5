import Foundation
import LotrinhTestSupport
import MasteryData
@testable import MasteryModel
import XCTest

/// The further practice features (issue 16): their values against a naive loop, the online state
/// and fold-in against the training computation, and model files with and without their weights.
final class PracticeFeatureTests: XCTestCase {
    /// One student's hand-written history: answer 2 is tagged with two skills, answer 4 is held
    /// out (not counted), answer 6 is a graded score.
    private let skills: [UInt32] = [0, 1, 0, 2, 0, 1, 0, 0, 2, 1, 0]
    private let answers: [UInt32] = [0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9]
    private let outcomes: [Float] = [1, 0, 1, 1, 0, 1, 0, 0.75, 1, 1, 1]
    private let counted: [Bool] = [true, true, true, true, true, false, true, true, true, true, true]

    func testFeaturesMatchANaiveLoopOverEarlierAnswers() {
        let features = PracticeFeature.allCases
        let stride = 2 + features.count
        // 0 → 1 → 2, and 0 → 1 again (merged): skill 1 is next to both others, 0 and 2 only to 1.
        let related = RelatedSkills(skillCount: 3, edges: [(0, 1), (1, 2), (0, 1)])
        XCTAssertEqual(related.neighbours(of: 1), [0, 2])
        XCTAssertEqual(related.neighbours(of: 2), [1])
        let (practice, weights) = computed(features, related: related)
        // Compared with: every earlier answer scanned for each row, straight from the definitions.
        for row in skills.indices {
            let skill = skills[row], answer = answers[row]
            let earlier = skills.indices.filter { answers[$0] < answer && counted[$0] }
            let onSkill = earlier.filter { skills[$0] == skill }
            let window = onSkill.filter { answers[$0] + UInt32(PracticeFeature.window) >= answer }
            var answerOutcomes: [UInt32: Double] = [:]
            for other in earlier { answerOutcomes[answers[other]] = Double(outcomes[other]) }
            var right = 0.0, wrong = 0.0
            for other in onSkill {
                if outcomes[other] >= 0.5 { right += 1; wrong = 0 } else { wrong += 1; right = 0 }
            }
            let previous = answer > 0 ? answerOutcomes[answer - 1] : nil
            let skillWins: Double = onSkill.map { Double(outcomes[$0]) }.reduce(0, +)
            let skillFails: Double = onSkill.map { 1 - Double(outcomes[$0]) }.reduce(0, +)
            let totalWins: Double = answerOutcomes.values.reduce(0, +)
            let totalFails: Double = answerOutcomes.values.map { 1 - $0 }.reduce(0, +)
            let recentWins: Double = window.map { Double(outcomes[$0]) }.reduce(0, +)
            let since: Double = onSkill.last.map { Double(answer - answers[$0]) } ?? 0
            let counts: [Double] = [skillWins, skillFails, totalWins, totalFails, Double(window.count), recentWins, since, right, wrong]
            let previousWin: Double = previous ?? 0
            let previousFail: Double = previous.map { 1 - $0 } ?? 0
            let onNeighbours = earlier.filter { abs(Int(skills[$0]) - Int(skill)) == 1 }
            let relatedWins: Double = onNeighbours.map { Double(outcomes[$0]) }.reduce(0, +)
            let relatedFails: Double = onNeighbours.map { 1 - Double(outcomes[$0]) }.reduce(0, +)
            let expected: [Double] = counts.map { log1p($0) } + [previousWin, previousFail, log1p(relatedWins), log1p(relatedFails)]
            for term in 0..<stride {
                XCTAssertEqual(Double(practice[row * stride + term]), expected[term], accuracy: 1e-6,
                               "row \(row), \(term < 2 ? "γ term \(term)" : features[term - 2].displayName)")
            }
        }
        XCTAssertEqual(weights, [1, 1, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 1], "a two-skill answer shares its weight")
    }

    /// Without further features and recency (the default fit) the counts take a shorter path; its
    /// two columns and weights must be the general path's, bit for bit, and the naive loop's.
    func testTheLifetimeCountsPathGivesTheGeneralPathsValues() {
        let lifetime = computed([], related: .none), general = computed([.totalWins], related: .none)
        XCTAssertEqual(lifetime.weights, general.weights)
        for row in skills.indices {
            XCTAssertEqual(lifetime.practice[2 * row], general.practice[3 * row], "row \(row)")
            XCTAssertEqual(lifetime.practice[2 * row + 1], general.practice[3 * row + 1], "row \(row)")
            // Compared with: the outcomes of the earlier counted answers on the row's skill.
            let earlier = skills.indices.filter { answers[$0] < answers[row] && counted[$0] && skills[$0] == skills[row] }
            XCTAssertEqual(Double(lifetime.practice[2 * row]), log1p(earlier.map { Double(outcomes[$0]) }.reduce(0, +)), accuracy: 1e-6)
            XCTAssertEqual(Double(lifetime.practice[2 * row + 1]), log1p(earlier.map { 1 - Double(outcomes[$0]) }.reduce(0, +)), accuracy: 1e-6)
        }
    }

    /// The hand-written history's practice values (`2 + features.count` per row) and weights.
    private func computed(_ features: [PracticeFeature], related: RelatedSkills) -> (practice: [Float], weights: [Float]) {
        var computer = AnswerFeatures(skillCount: 3)
        var practice = [Float](repeating: .nan, count: skills.count * (2 + features.count))
        var weights = [Float](repeating: .nan, count: skills.count)
        skills.withUnsafeBufferPointer { skills in
            answers.withUnsafeBufferPointer { answers in
                outcomes.withUnsafeBufferPointer { outcomes in
                    counted.withUnsafeBufferPointer { counted in
                        practice.withUnsafeMutableBufferPointer { practice in
                            weights.withUnsafeMutableBufferPointer { weights in
                                computer.compute(skills: skills, answers: answers, outcomes: outcomes, times: nil, counted: counted,
                                                 recency: .none, features: features, related: related, practice: practice,
                                                 weights: weights)
                            }
                        }
                    }
                }
            }
        }
        return (practice, weights)
    }

    /// A model with every feature and random weights: the per-answer update predicts each answer
    /// from the same practice values training computes for it, and a fold-in of the same answers
    /// leaves the state the updates reach.
    func testOnlineStateAndFoldInUseTheTrainingFeatures() throws {
        let model = Self.model(features: PracticeFeature.allCases)
        var random = SeededRandom(seed: 77)
        var answers: [StudentAnswer] = []
        for _ in 0..<40 {
            let first = Int(random.next() % 4)
            let skills = random.nextUniform() < 0.2 ? [first, (first + 1) % 4] : [first]
            let outcome = random.nextUniform() < 0.1 ? 0.5 : (random.nextUniform() < 0.6 ? 1.0 : 0.0)
            answers.append(StudentAnswer(skills: skills, item: Int(random.next() % 3), outcome: outcome))
        }
        // The training side: AnswerFeatures over the answers' rows.
        let rowSkills = answers.flatMap { $0.skills.map(UInt32.init) }
        let rowAnswers = answers.enumerated().flatMap { index, answer in answer.skills.map { _ in UInt32(index) } }
        let rowOutcomes = answers.flatMap { answer in answer.skills.map { _ in Float(answer.outcome) } }
        let stride = model.practiceStride
        var practice = [Float](repeating: 0, count: rowSkills.count * stride)
        var weights = [Float](repeating: 0, count: rowSkills.count)
        var computer = AnswerFeatures(skillCount: model.skillCount)
        rowSkills.withUnsafeBufferPointer { skills in
            rowAnswers.withUnsafeBufferPointer { numbers in
                rowOutcomes.withUnsafeBufferPointer { outcomes in
                    practice.withUnsafeMutableBufferPointer { practice in
                        weights.withUnsafeMutableBufferPointer { weights in
                            computer.compute(skills: skills, answers: numbers, outcomes: outcomes, times: nil, recency: .none,
                                             features: model.practiceFeatures, related: model.relatedSkills, practice: practice,
                                             weights: weights)
                        }
                    }
                }
            }
        }
        var state = model.initialState()
        var row = 0
        for answer in answers {
            for skill in answer.skills {
                let online = model.studentFreeLogit(skill: skill, item: answer.item, after: state)
                let training = practice.withUnsafeBufferPointer {
                    model.studentFreeLogit(skill: skill, item: answer.item, practice: $0.baseAddress! + row * stride)
                }
                XCTAssertEqual(online, training, accuracy: 1e-12, "answer \(rowAnswers[row]), skill \(skill)")
                row += 1
            }
            try model.update(&state, with: answer)
        }
        let folded = StudentState(try model.foldIn(answers))
        XCTAssertEqual(folded.history, state.history)
        XCTAssertEqual(folded.answerCount, state.answerCount)
        XCTAssertFalse(state.history.recent.isEmpty)
        // Masteries count the features too: a skill's mastery logit is the next answer's on a typical item.
        let columns = model.masteryColumns(of: state)
        for skill in 0..<model.skillCount {
            let logit = model.logit(of: StudentAnswer(skill: skill, outcome: 0), for: state)
            XCTAssertEqual(columns.probability[skill], 1 / (1 + exp(-logit)), accuracy: 1e-6, "skill \(skill)")
        }
    }

    /// Masteries write the values of skills never answered once (they share them: the totals and
    /// the previous answer, zeros for the recommended set) instead of per skill; every skill's
    /// mastery, answered or not, must still be the next answer's logit on a typical item.
    func testMasteriesOfSkillsNeverAnsweredWeighTheSharedValues() throws {
        let recommended: [PracticeFeature] = [.recentAttempts, .recentWins, .answersSince, .rightStreak, .wrongStreak]
        for features in [PracticeFeature.allCases, recommended] {
            let model = Self.model(features: features)
            var state = model.initialState()
            for answer in [StudentAnswer(skill: 1, outcome: 1), StudentAnswer(skill: 2, outcome: 0), StudentAnswer(skill: 1, outcome: 1)] {
                try model.update(&state, with: answer)
            }
            let columns = model.masteryColumns(of: state)
            // 1e-6: the logit below weighs the counts' logarithms rounded to Float, masteries γ⁺/γ⁻'s in Double.
            for skill in 0..<model.skillCount {
                let logit = model.logit(of: StudentAnswer(skill: skill, outcome: 0), for: state)
                XCTAssertEqual(columns.probability[skill], 1 / (1 + exp(-logit)), accuracy: 1e-6, "\(features.count) features, skill \(skill)")
            }
            // Skill 0 was never answered: with the totals and the previous answer its features count.
            var withoutFeatures = model.studentFreeLogit(skill: 0, item: nil, logWins: 0, logFails: 0) + state.theta[0]
            for j in 0..<model.rank { withoutFeatures += state.theta[1 + j] * model.skillFactors[j] }
            let logit = model.logit(of: StudentAnswer(skill: 0, outcome: 0), for: state)
            if features == recommended {
                XCTAssertEqual(logit, withoutFeatures, accuracy: 1e-15)
            } else {
                XCTAssertGreaterThan(abs(logit - withoutFeatures), 1e-3)
            }
        }
    }

    func testAModelWithoutFeaturesKeepsAnEmptyHistory() throws {
        let model = Self.model(features: [])
        var state = model.initialState()
        try model.update(&state, with: StudentAnswer(skill: 1, outcome: 1))
        XCTAssertEqual(state.history, PracticeHistory())
        XCTAssertEqual(try model.foldIn([StudentAnswer(skill: 1, outcome: 1)]).history, PracticeHistory())
    }

    func testWeightsRoundTripAndAreCheckedByTheChecksum() throws {
        let directory = TemporaryDirectory("practice-features")
        let model = Self.model(features: [.recentWins, .answersSince])
        let path = directory.path("m.lotrinh")
        try model.write(to: path)
        let loaded = try MasteryModel.load(from: path)
        XCTAssertEqual(loaded.practiceFeatures, [.recentWins, .answersSince])
        XCTAssertEqual(loaded.practiceWeights, model.practiceWeights)
        // A flipped bit inside the weights: the file is refused, not read with a wrong weight.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let weight = model.practiceWeights[3].bitPattern.littleEndian
        let pattern = withUnsafeBytes(of: weight) { Array($0) }
        let offset = try XCTUnwrap((0...(bytes.count - 8)).first { Array(bytes[$0..<($0 + 8)]) == pattern })
        bytes[offset] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try MasteryModel.load(from: path)) { error in
            XCTAssertEqual(error as? ModelFileError, .checksumMismatch(path: path))
        }
    }

    /// A model written by Lotrinh before the features existed (commit 80a4b71's `lotrinh-train fit
    /// --rank 1` on eight answers): read as a model without them, predicting from γ⁺ and γ⁻.
    func testAModelWrittenBeforeTheFeaturesStillReads() throws {
        let directory = TemporaryDirectory("old-model")
        let path = directory.path("old.lotrinh")
        try XCTUnwrap(Data(base64Encoded: Self.oldModel.replacingOccurrences(of: "\n", with: ""))).write(to: URL(fileURLWithPath: path))
        let model = try MasteryModel.load(from: path)
        XCTAssertEqual(model.practiceFeatures, [])
        XCTAssertEqual(model.practiceWeights.count, 0)
        XCTAssertEqual(model.metadata.skillIds, ["a", "b"])
        var state = model.initialState()
        let answers = [StudentAnswer(skill: 0, item: 0, outcome: 1), StudentAnswer(skill: 0, item: 0, outcome: 0)]
        for answer in answers { try model.update(&state, with: answer) }
        // Compared with: the logit written out from the parameters, one win and one fail on skill 0.
        let expected = model.globalBias + model.skillBias[0] + model.itemBias[0] + model.gainCorrect[0] * log(2.0)
            + model.gainWrong[0] * log(2.0) + state.theta[0] + state.theta[1] * model.skillFactors[0]
        XCTAssertEqual(model.logit(of: StudentAnswer(skill: 0, item: 0, outcome: 0), for: state), expected, accuracy: 1e-12)
    }

    /// Four skills, three items, rank 2, seeded random parameters, prerequisites 0 → 1 → 2 and 0 → 3
    /// (skill 0's neighbours are 1 and 3).
    static func model(features: [PracticeFeature]) -> MasteryModel {
        var random = SeededRandom(seed: 5)
        func values(_ count: Int) -> ParameterArray { ParameterArray((0..<count).map { _ in random.nextUniform() - 0.5 }) }
        let skills = 4
        let metadata = ModelMetadata(kind: .logistic, rank: 2, terms: ModelTerms(practiceFeatures: features),
                                     regularization: Regularization(), recency: .none, onlineRecency: .none,
                                     skillIds: (0..<skills).map { "k\($0)" }, skillNames: (0..<skills).map { "skill \($0)" },
                                     prerequisites: [[0, 1], [1, 2], [0, 3]])
        return MasteryModel(metadata: metadata, globalBias: 0.3, skillBias: values(skills), skillFactors: values(skills * 2),
                            gainCorrect: values(skills), gainWrong: values(skills), practiceWeights: values(skills * features.count),
                            itemIds: IdTable(["q0", "q1", "q2"]), itemBias: values(3))
    }

    private static let oldModel = """
iUxPVFJJTkgNChoKAAAAAAEAAABAAAAA8AgAAAAAAADABgAAAAAAAAsAAAAwAAAAAAAAAAAAAAAAAAAAAAAAAHsiY3JlYXRlZEF0
IjoiMjAyNi0xMi0wNVQxMjozODozOVoiLCJkYXRhRmluZ2VycHJpbnQiOiI2ZTVmNDIzMjQ0NWRkYWQ3MmVmMDdhNDRlMGJmY2Y3
YjA3MDQ3OWE5NDI0NzUzNDFhNmU4YTU3ZjU2OWExMTI2Iiwia2luZCI6ImxvZ2lzdGljIiwibGlicmFyeVZlcnNpb24iOiIwLjEu
MCIsIm1ldHJpY3MiOnsidHJhaW4uYmVzdFN3ZWVwIjozLCJ0cmFpbi5sb3NzIjowLjYwNTI5OTY4MTk5ODY2MzEsInRyYWluLm9i
amVjdGl2ZSI6MC42MTgzNzM4NDkxNzcyNjQyLCJ0cmFpbi5yb3dzIjo4LCJ0cmFpbi5zd2VlcHMiOjN9LCJvbmxpbmVSZWNlbmN5
Ijp7ImhhbGZMaWZlIjo1MCwidW5pdCI6ImFuc3dlcnMifSwicmFuayI6MSwicmVjZW5jeSI6eyJ1bml0IjoiYW5zd2VycyJ9LCJy
ZWd1bGFyaXphdGlvbiI6eyJpdGVtQmlhcyI6MiwicHJhY3RpY2UiOjEsInNraWxsQmlhcyI6MC4xLCJza2lsbEZhY3RvcnMiOjE2
LCJzdHVkZW50QmlhcyI6MSwic3R1ZGVudEZhY3RvcnMiOjE2fSwic2tpbGxJZHMiOlsiYSIsImIiXSwic2tpbGxOYW1lcyI6WyJh
IiwiYiJdLCJ0ZXJtcyI6eyJpdGVtQmlhcyI6dHJ1ZSwicHJhY3RpY2UiOnRydWV9LCJ0cmFpbmluZyI6eyJpbml0aWFsU2NhbGUi
OiIwLjEiLCJpdGVtQmlhcyI6InRydWUiLCJsYW1iZGEuaXRlbUJpYXMiOiIyLjAiLCJsYW1iZGEucHJhY3RpY2UiOiIxLjAiLCJs
YW1iZGEuc2tpbGxCaWFzIjoiMC4xIiwibGFtYmRhLnNraWxsRmFjdG9ycyI6IjE2LjAiLCJsYW1iZGEuc3R1ZGVudEJpYXMiOiIx
LjAiLCJsYW1iZGEuc3R1ZGVudEZhY3RvcnMiOiIxNi4wIiwibWF4U3dlZXBzIjoiMTAwIiwib25saW5lUmVjZW5jeS5oYWxmTGlm
ZSI6IjUwLjAgYW5zd2VycyIsInBhdGllbmNlIjoiMyIsInByYWN0aWNlIjoidHJ1ZSIsInJhbmsiOiIxIiwic2VlZCI6IjEiLCJz
dG9wUmVhc29uIjoiY29udmVyZ2VkIiwidGhyZWFkcyI6IjIiLCJ0b2xlcmFuY2UiOiIxZS0wNSJ9fQAAAAAAAAAAAAAAAAAAAAAA
AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSFIH6rljgPwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA7LgPYGdU3j+gErQ+0YvgvwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAAAAAAAAAAAAAAAAAAAAIDzDLlBkje+gKdP7pWGOz4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAAAAAAn5IdU9onFP0egocpFx9I/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAE
AAAAAAAAAHExcTIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACSk6YxZUaYPywehn9vdpq/AAAAAAAAAAAAAAAA
AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAQAAAAAAAAABgAAAAAAAABzMXMyczMA
AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGUnYGp0mok/MvnPGZenwT/sqoeZsM7DvwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAAAAAAAAAAAAAAAAAAAyiyvbJlnvgBKYZxboHM+gOhYTpEAYr4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAAAbWV0YWRhdGEAAAAAAAAAAAEAAAAAAAAAyQMAAAAAAABAAAAAAAAAAMkDAAAAAAAAZ2xvYmFsQmlhcwAAAAAAAAIAAAAAAAAA
AQAAAAAAAABABAAAAAAAAAgAAAAAAAAAc2tpbGxCaWFzAAAAAAAAAAIAAAAAAAAAAgAAAAAAAACABAAAAAAAABAAAAAAAAAAc2tp
bGxGYWN0b3JzAAAAAAIAAAAAAAAAAgAAAAAAAADABAAAAAAAABAAAAAAAAAAZ2FpbkNvcnJlY3QAAAAAAAIAAAAAAAAAAgAAAAAA
AAAABQAAAAAAABAAAAAAAAAAZ2Fpbldyb25nAAAAAAAAAAIAAAAAAAAAAgAAAAAAAABABQAAAAAAABAAAAAAAAAAaXRlbUlkcwAA
AAAAAAAAAAMAAAAAAAAAAgAAAAAAAACABQAAAAAAABwAAAAAAAAAaXRlbUJpYXMAAAAAAAAAAAIAAAAAAAAAAgAAAAAAAADABQAA
AAAAABAAAAAAAAAAc3R1ZGVudElkcwAAAAAAAAMAAAAAAAAAAwAAAAAAAAAABgAAAAAAACYAAAAAAAAAc3R1ZGVudEJpYXMAAAAA
AAIAAAAAAAAAAwAAAAAAAABABgAAAAAAABgAAAAAAAAAc3R1ZGVudEZhY3RvcnMAAAIAAAAAAAAAAwAAAAAAAACABgAAAAAAABgA
AAAAAAAAp4wQctjz8YXnixbANL3FM9YdRaVEKO+sSfF1XMX/cTw=
"""
}
