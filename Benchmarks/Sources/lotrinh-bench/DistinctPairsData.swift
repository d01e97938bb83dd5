import ArgumentParser
import Foundation
import MasteryData

/// Writes the benchmark matrix shaped like school data: every student–skill pair at most once,
/// skills answered with power-law popularity, students with log-normal activity, outcomes drawn
/// from a low-rank logistic truth.
///
/// `synth --curriculum random` flatters the engine: its students walk a curriculum and repeat
/// skills (rows sharing features merge before the `syrk`), and they reach only ~420 of the 1,000
/// skills. Here no row merges with another, so a sweep does all the per-answer work, as it does
/// for implicit and other ALS libraries fed the same matrix.
struct DistinctPairsData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distinct-pairs",
        abstract: "Write a responses.csv where every student–skill pair is distinct (the side-by-side benchmark matrix).",
        discussion: """
        Student u answers n_u distinct skills, n_u log-normal (σ --activity-sigma) scaled to --answers \
        in total; skill s (0-based) is drawn with weight (s+1)^-exponent, without replacement. Outcomes: \
        σ(μ + b_u + b_s + p_u·q_s) with rank --rank factors. The same seed gives the same file.

        Example (the matrix of BENCHMARKS.md's side-by-side section):
          lotrinh-bench distinct-pairs --out /tmp/lotrinh-bench/distinct
        """
    )

    @Option(help: ArgumentHelp("Folder to write responses.csv into (created if needed).", valueName: "dir"))
    var out: String

    @Option var students = 200_000
    @Option var skills = 1_000
    @Option(help: "Answers in total (about: each student's count is rounded).")
    var answers = 20_000_000
    @Option(help: "Exponent of the power law of skill popularity.")
    var exponent = 0.8
    @Option(help: "σ of the log-normal activity of students.")
    var activitySigma = 0.5
    @Option(help: "Rank of the true logistic model.")
    var rank = 8
    @Option var seed: UInt64 = 1

    func validate() throws {
        guard students >= 1, skills >= 1, answers >= students else {
            throw ValidationError("need at least one student and one skill, and at least one answer per student")
        }
        guard rank >= 1, exponent >= 0, activitySigma >= 0 else { throw ValidationError("--rank ≥ 1, --exponent and --activity-sigma ≥ 0") }
    }

    func run() throws {
        let start = Date()
        var random = SeededRandom(seed: seed)
        // Truth: biases and factors whose dot products spread the logits about as much as the biases do.
        let factorScale = 1 / pow(Double(rank), 0.25)
        let skillBias = (0..<skills).map { _ in random.nextNormal(mean: 0, standardDeviation: 0.8) }
        let skillFactors = (0..<skills * rank).map { _ in random.nextNormal(mean: 0, standardDeviation: factorScale) }
        let counts = activity(&random)
        let cumulative = popularityCDF()

        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = (out as NSString).appendingPathComponent("responses.csv")
        guard let file = fopen(path, "w") else { throw ValidationError("cannot write \(path)") }
        defer { fclose(file) }
        var text: [UInt8] = Array("student_id,skill_id,correct\n".utf8)
        text.reserveCapacity(1 << 21)
        var chosenBy = [Int](repeating: -1, count: skills)  // the last student who took each skill
        var studentFactors = [Double](repeating: 0, count: rank)
        var written = 0
        var correct = 0
        for student in 0..<students {
            let bias = 0.3 + random.nextNormal(mean: 0, standardDeviation: 0.8)
            for k in 0..<rank { studentFactors[k] = random.nextNormal(mean: 0, standardDeviation: factorScale) }
            let studentId = Array("u\(student),".utf8)
            var taken = 0
            while taken < counts[student] {
                let skill = draw(cumulative, &random)
                if chosenBy[skill] == student { continue }  // rejection keeps every pair distinct
                chosenBy[skill] = student
                taken += 1
                var logit = bias + skillBias[skill]
                for k in 0..<rank { logit += studentFactors[k] * skillFactors[skill * rank + k] }
                let isCorrect = random.nextUniform() < 1 / (1 + exp(-logit))
                text.append(contentsOf: studentId)
                text.append(contentsOf: "s\(skill),".utf8)
                text.append(isCorrect ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                text.append(UInt8(ascii: "\n"))
                correct += isCorrect ? 1 : 0
            }
            written += taken
            if text.count >= 1 << 20 {
                fwrite(text, 1, text.count, file)
                text.removeAll(keepingCapacity: true)
            }
        }
        fwrite(text, 1, text.count, file)
        print(String(format: "Wrote %@: %d answers (correct rate %.4f), %d students, %d skills, seed %llu, %.1f s",
                     path, written, Double(correct) / Double(written), students, skills, seed, Date().timeIntervalSince(start)))
    }

    /// Answers per student: log-normal weights scaled to the total, rounded at random so the total
    /// stays unbiased, at least 1 and at most every skill.
    private func activity(_ random: inout SeededRandom) -> [Int] {
        let weights = (0..<students).map { _ in exp(activitySigma * random.nextNormal()) }
        let scale = Double(answers) / weights.reduce(0, +)
        return weights.map { weight in
            let exact = weight * scale
            let rounded = Int(exact) + (random.nextUniform() < exact - exact.rounded(.down) ? 1 : 0)
            return min(max(rounded, 1), skills)
        }
    }

    /// Cumulative popularity of skills 0..<skills, normalized to end at 1.
    private func popularityCDF() -> [Double] {
        var sum = 0.0
        var cumulative = (0..<skills).map { skill -> Double in
            sum += pow(Double(skill + 1), -exponent)
            return sum
        }
        for index in cumulative.indices { cumulative[index] /= sum }
        return cumulative
    }

    private func draw(_ cumulative: [Double], _ random: inout SeededRandom) -> Int {
        let u = random.nextUniform()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < u { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
