import Foundation
import MasteryData
import MasteryModel
import Recommend
import Training

/// How a replayed diagnostic picks the next question among the answers a held-out student gave.
public enum DiagnosticReplayPolicy: String, Sendable, Codable, CaseIterable {
    /// `Recommender.diagnose` (no exposure draw: always its best question).
    case adaptive
    /// A random order of the student's items, one per student and seed.
    case random
    /// The order the student answered in.
    case studentOrder = "student-order"
    /// The items answered most often in the fold's training rows first.
    case mostAnsweredFirst = "most-answered-first"
}

/// The settings of ``DiagnosticReplay/run(_:split:configuration:progress:)``.
public struct DiagnosticReplayConfiguration: Sendable {
    /// The model every fold fits on its training students.
    public var fit: FitConfiguration
    /// Questions asked per student (k = 1 … this).
    public var questions = 20
    /// A student takes part with at least this many answers, so that answers remain to predict
    /// after the last question.
    public var minimumAnswers = 30
    /// At most this many held-out students per fold (the first, in id order), to bound the time.
    public var studentsPerFold = 200
    /// Mastery threshold of the agreement measure and of the diagnostic's decisions.
    public var threshold = 0.8
    /// Seeds the random policy.
    public var seed: UInt64 = 1
    public var policies = DiagnosticReplayPolicy.allCases

    public init(fit: FitConfiguration) { self.fit = fit }
}

/// For each k: the figures of one policy after k questions, pooled over every replayed student.
public struct DiagnosticReplayReport: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public let questions: Int
        /// AUC and log-loss of the student's remaining answers, predicted from the k answers seen.
        public let auc: Double?
        public let logLoss: Double?
        /// The share of the student's skills on which mastered / not mastered (point estimate at the
        /// threshold) after k answers agrees with the estimate from all their answers, averaged over students.
        public let masteryAgreement: Double
    }

    public let policies: [DiagnosticReplayPolicy]
    public let students: Int
    public let folds: Int
    public let threshold: Double
    /// One curve per policy, in ``policies`` order.
    public let curves: [[Point]]
}

/// Evaluation of diagnostics by replay on real answers (issue 20, item 3): each held-out student's
/// own answers are the bank, and a policy sees an answer only when it asks for that item.
///
/// Per fold: a model is fitted on the other folds' students; each held-out student with enough
/// answers is replayed by every policy from the population prior. After each question the state
/// is the batch fold-in of exactly the answers asked; the reference is the fold-in of all the
/// student's answers. The replay is leak-free by construction: the state is built from the asked
/// answers only, and the remaining answers are predicted, never folded in.
public enum DiagnosticReplay {
    public static func run(_ data: ResponseData, graph: PrerequisiteGraph? = nil, split: RowSplit,
                           configuration: DiagnosticReplayConfiguration, progress: ((String) -> Void)? = nil) throws(SimulationError) -> DiagnosticReplayReport {
        let policies = configuration.policies
        var sums = [[Tally]](repeating: [Tally](repeating: Tally(), count: configuration.questions), count: policies.count)
        var students = 0
        for fold in 0..<split.count {
            let trainRows = (0..<data.rowCount).filter { Int(split.rowPart[$0]) != fold }
            let held = heldOutStudents(data, split: split, fold: fold, configuration: configuration)
            guard !held.isEmpty, !trainRows.isEmpty else { continue }
            let fit: FitResult
            do {
                fit = try Trainer.fit(data, graph: graph, configuration: configuration.fit, trainRows: trainRows)
            } catch {
                throw .engine("fitting fold \(fold + 1): \(error)")
            }
            let recommender: Recommender
            do {
                recommender = try Recommender(model: fit.model.withoutStudents())
            } catch {
                throw .engine("loading fold \(fold + 1)'s model: \(error)")
            }
            let popularity = itemPopularity(data, rows: trainRows)
            for student in held {
                let replay = try StudentReplay(data: data, student: student, recommender: recommender, threshold: configuration.threshold)
                for (index, policy) in policies.enumerated() {
                    let points = try replay.run(policy, questions: configuration.questions, popularity: popularity,
                                                seed: configuration.seed)
                    for (k, point) in points.enumerated() { sums[index][k].add(point) }
                }
                students += 1
            }
            progress?("fold \(fold + 1)/\(split.count): \(held.count) students replayed")
        }
        return DiagnosticReplayReport(policies: policies, students: students, folds: split.count, threshold: configuration.threshold,
                                      curves: sums.map { $0.enumerated().map { $1.point(questions: $0 + 1) } })
    }

    /// The fold's students with at least the minimum of answers, all of whose rows are in the fold.
    static func heldOutStudents(_ data: ResponseData, split: RowSplit, fold: Int, configuration: DiagnosticReplayConfiguration) -> [Int] {
        var chosen: [Int] = []
        for student in 0..<data.studentCount where chosen.count < configuration.studentsPerFold {
            let rows = data.rows(ofStudent: student)
            guard !rows.isEmpty, rows.allSatisfy({ Int(split.rowPart[$0]) == fold }),
                  data.answerRows(ofStudent: student).count >= configuration.minimumAnswers else { continue }
            chosen.append(student)
        }
        return chosen
    }

    /// Answers per item in the training rows (one per answer, not per row).
    static func itemPopularity(_ data: ResponseData, rows: [Int]) -> [String: Int] {
        guard data.hasItems else { return [:] }
        var counts: [String: Int] = [:]
        var lastAnswer: UInt32?
        for row in rows where data.rowAnswer[row] != lastAnswer {
            lastAnswer = data.rowAnswer[row]
            counts[data.itemIds[Int(data.rowItem[row])], default: 0] += 1
        }
        return counts
    }

    /// Running sums of one policy at one k.
    struct Tally {
        var predictions: [Double] = []
        var outcomes: [Double] = []
        var agreement = 0.0
        var students = 0

        mutating func add(_ point: StudentReplay.Point) {
            predictions += point.predictions
            outcomes += point.outcomes
            agreement += point.agreement
            students += 1
        }

        func point(questions: Int) -> DiagnosticReplayReport.Point {
            DiagnosticReplayReport.Point(questions: questions, auc: Metrics.auc(predictions: predictions, outcomes: outcomes),
                                         logLoss: Metrics.logLoss(predictions: predictions, outcomes: outcomes),
                                         masteryAgreement: students > 0 ? agreement / Double(students) : .nan)
        }
    }
}
