import ArgumentParser
import Foundation
import Simulation
import Training

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic dataset with a known prerequisite graph and known true parameters.",
        discussion: """
        Simulated students walk the curriculum in prerequisite order and answer with the probability \
        of Lotrinh's model, σ(μ + b_u + b_s + b_i + p_u·q_s + γ⁺_s·log(1+wins) + γ⁻_s·log(1+fails)). \
        The folder gets responses.csv, skills.csv, prerequisites.csv, resources.csv in Lotrinh's \
        layout, plus truth_*.csv and truth.json with the parameters that generated them — for tests, \
        demos and benchmarks. The same seed gives byte-identical files.

        Examples:
          lotrinh-train synth --out datasets/vn-grade6 --curriculum vn-grade6 --students 2000
          lotrinh-train synth --out /tmp/big --curriculum random --skills 1000 --students 200000 --answers 20000000 --rank 32
        """
    )

    enum CurriculumChoice: String, ExpressibleByArgument, CaseIterable {
        case vnGrade6 = "vn-grade6"
        case random
    }

    @Option(help: ArgumentHelp("Folder to write (created if needed).", valueName: "dir"))
    var out: String

    @Option(help: "vn-grade6 (45 Vietnamese grade-6 mathematics skills, with resources) or random.")
    var curriculum: CurriculumChoice = .vnGrade6

    @Option(help: "Skills of a random curriculum.")
    var skills = 100

    @Option(help: "Average prerequisites per skill of a random curriculum.")
    var averagePrerequisites = 1.5

    @Option(help: "Simulated students.")
    var students = 2_000

    @Option(help: "Total answers (default: --answers-per-student × students).")
    var answers: Int?

    @Option(help: "Mean answers per student when --answers is not given.")
    var answersPerStudent = 200.0

    @Option(help: "Rank of the true student and skill factors.")
    var rank = 8

    @Option(help: "Questions per skill.")
    var itemsPerSkill = 20

    @Option(help: "Fraction of questions tagged with two skills.")
    var multiSkillFraction: Double?

    @Option(help: "Schools, and classes in each school, that students are spread over.")
    var schools = 10

    @Option(help: "Classes per school.")
    var classesPerSchool = 4

    @Option(help: "Logit penalty for practising a skill whose prerequisites are not yet practised (0: data follow exactly the fitted model).")
    var prerequisitePenalty: Double?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard students >= 1 else { throw ValidationError("--students must be at least 1") }
        let ranks = FitConfiguration.rankRange
        guard ranks.contains(rank) else { throw ValidationError("--rank must be between \(ranks.lowerBound) and \(ranks.upperBound)") }
        guard skills >= 1 else { throw ValidationError("--skills must be at least 1") }
        if let fraction = multiSkillFraction, !(0...1).contains(fraction) {
            throw ValidationError("--multi-skill-fraction must be between 0 and 1")
        }
    }

    func run() throws {
        let chosen = curriculum == .vnGrade6
            ? Curriculum.vietnameseGrade6Math
            : try Curriculum.random(skills: skills, averagePrerequisites: averagePrerequisites, seed: seed)
        // The Vietnamese demo makes prerequisites matter unless asked otherwise.
        let isDemo = curriculum == .vnGrade6
        let config = SyntheticDataset(
            students: students,
            answers: answers.map { .total($0) } ?? .perStudent(mean: answersPerStudent),
            rank: rank, itemsPerSkill: itemsPerSkill, seed: seed,
            multiSkillFraction: multiSkillFraction ?? (isDemo ? 0.1 : 0),
            schools: schools, classesPerSchool: classesPerSchool,
            prerequisitePenalty: prerequisitePenalty ?? (isDemo ? 0.8 : 0))
        let progress = quiet ? nil : ProgressLine(label: "writing \(out)")
        let summary = try SyntheticGenerator.write(to: URL(fileURLWithPath: out), curriculum: chosen, config: config) { fraction in
            progress?.update(done: fraction * Double(config.totalAnswers), total: Double(config.totalAnswers), unit: .count)
        }
        progress?.finish()
        print("""
        Wrote \(out)
          answers    \(summary.answers) (\(summary.responseRows) rows; correct rate \(String(format: "%.4f", summary.correctRate)))
          students   \(summary.students)
          skills     \(summary.skills), prerequisites \(summary.prerequisites), resources \(summary.resources)
          items      \(summary.items) (\(summary.multiSkillItems) tag two skills)
          took       \(String(format: "%.2f", summary.seconds)) s (\(String(format: "%.2f", summary.answersPerSecond / 1e6)) M answers/s)
        """)
    }
}
