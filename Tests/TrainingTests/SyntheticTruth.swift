import Foundation
import LotrinhTestSupport
import MasteryData
import Simulation

/// A synthetic dataset written to a temporary folder, loaded back, with the parameters that
/// generated it keyed by id.
struct SyntheticTruth {
    let directory: TemporaryDirectory
    let dataset: Dataset
    let globalBias: Double
    /// student id → (bias, factors)
    let students: [String: (Double, [Double])]
    /// skill id → (bias, gain correct, gain wrong, factors)
    let skills: [String: (Double, Double, Double, [Double])]
    let items: [String: Double]

    init(students: Int, answersPerStudent: Double, rank: Int, seed: UInt64, itemsPerSkill: Int = 10,
         multiSkillFraction: Double = 0) throws {
        let directory = TemporaryDirectory("synthetic")
        self.directory = directory
        let config = SyntheticDataset(students: students, answers: .perStudent(mean: answersPerStudent), rank: rank,
                                      itemsPerSkill: itemsPerSkill, seed: seed, multiSkillFraction: multiSkillFraction)
        let summary = try SyntheticGenerator.write(to: directory.url, curriculum: .vietnameseGrade6Math, config: config)
        globalBias = summary.globalBias
        dataset = try Dataset.load(try DatasetFiles(directory: directory.url.path, preset: .lotrinh))
        let folder = directory
        func rows(_ name: String) throws -> [[String]] {
            let reader = try CSVReader(path: folder.path(name))
            _ = try reader.nextRecord()
            var rows: [[String]] = []
            while try reader.nextRecord() { rows.append(reader.strings()) }
            return rows
        }
        var studentTruth: [String: (Double, [Double])] = [:]
        for row in try rows("truth_students.csv") {
            studentTruth[row[0]] = (Double(row[1])!, row[2...].map { Double($0)! })
        }
        var skillTruth: [String: (Double, Double, Double, [Double])] = [:]
        for row in try rows("truth_skills.csv") {
            skillTruth[row[0]] = (Double(row[1])!, Double(row[2])!, Double(row[3])!, row[4...].map { Double($0)! })
        }
        var itemTruth: [String: Double] = [:]
        for row in try rows("truth_items.csv") { itemTruth[row[0]] = Double(row[1])! }
        self.students = studentTruth
        self.skills = skillTruth
        self.items = itemTruth
    }

    /// The true logit of a data row, from the truth files (an independent computation of the
    /// generator's formula).
    func trueLogit(row: Int, logWins: Double, logFails: Double) -> Double {
        let data = dataset.responses
        let student = students[data.studentIds[Int(data.rowStudent[row])]]!
        let skill = skills[data.skillIds[Int(data.rowSkill[row])]]!
        let item = items[data.itemIds[Int(data.rowItem[row])]]!
        let interaction = zip(student.1, skill.3).reduce(0) { $0 + $1.0 * $1.1 }
        return globalBias + student.0 + skill.0 + item + interaction + skill.1 * logWins + skill.2 * logFails
    }
}

/// Pearson correlation.
func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let meanX = x.reduce(0, +) / n
    let meanY = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) {
        sxy += (a - meanX) * (b - meanY)
        sxx += (a - meanX) * (a - meanX)
        syy += (b - meanY) * (b - meanY)
    }
    return sxy / (sxx * syy).squareRoot()
}
