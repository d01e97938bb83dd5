import ArgumentParser
import Foundation
import MasteryData
import Recommend
import Reports

struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "A class at a glance: who is ready for what, who to teach together, who is stuck.",
        discussion: """
        The class is a file of student ids (--students, one per line; # starts a comment), or every \
        student of a school, class or grade in the answers file (--school, --class, --student-grade: \
        the roster columns school_id, class_id, grade). Each student's answers are folded in when \
        --answers is given, else the model's own training-time estimates are used (with one warning \
        on standard error naming the students concerned).

        For every skill the goals need: how many students have mastered it, are ready for it, or \
        still need a prerequisite. Students whose next --group-steps steps coincide form a group to \
        teach together. A student is stuck after --stuck-attempts answers on their next step \
        without mastering it, or with mean mastery below --stuck-mastery. --hide-ids shows row \
        numbers of the class list instead of student ids (for reports that leave the school).

        The grid shows each student's level on each skill (HTML: colour, the word in the tooltip; text \
        and Markdown: ◔ ◑ ◕ ●), from the estimate: not started (chưa \
        học) below 0.40, learning (đang học) from 0.40, almost (gần thành thạo) from 0.15 below \
        --threshold, mastered (thành thạo) from --threshold; the estimate is in \
        the HTML's tooltip. --roster FILE (student_id, name, optional class_id) puts names in every format \
        and the class in the HTML's header (not with --hide-ids); names are read only here and never enter a model.

        Examples:
          lotrinh-path class --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --class 3
          lotrinh-path class --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --school 1 --class 3 --hide-ids --html class-3.html
          lotrinh-path class --model models/vn-grade6.lotrinh --students my-class.txt --skills datasets/vn-grade6/skills.csv --topic "Phân số" --markdown
          lotrinh-path class --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --class 3 --json
          lotrinh-path class --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --class 3 --roster datasets/vn-grade6/students.csv --html class-3.html
        """
    )

    @OptionGroup var planning: PlanningOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var teacher: TeacherOptions

    @OptionGroup var selection: ClassSelection

    @Option(help: "Students whose first N steps coincide are grouped.")
    var groupSteps = 1

    @Option(help: "Answers on the next step, its estimate still below the threshold, after which a student is stuck.")
    var stuckAttempts = 10

    @Option(help: "Mean mastery over the goals' skills below which a student is stuck.")
    var stuckMastery = 0.3

    func validate() throws {
        try selection.check(answers: planning.answers)
        try OptionBounds.check("--group-steps", groupSteps, in: 1...OptionBounds.maximumGroupSteps)
        try OptionBounds.check("--stuck-attempts", stuckAttempts, in: 1...Recommender.maximumAnswerBudget)
        try OptionBounds.check("--stuck-mastery", stuckMastery, above: 0, orEqual: true, below: 1, orEqual: true)
    }

    func run() throws {
        let setup = try PlanningSetup(options: planning, language: output.lang, forTerminal: output.isForTerminal)
        let book = try planning.answerBook(for: setup.recommender)
        let inputs = try selection.students(book: book, planning: planning, setup: setup)
        let rules = ClassRules(groupSteps: groupSteps, stuckAttempts: stuckAttempts, stuckMastery: stuckMastery)
        let scope = ClassReport.Scope(school: selection.school, class: selection.classId, grade: selection.studentGrade,
                                      studentsFile: selection.students)
        var report = try ClassReport(students: inputs.map(\.reportStudent), scope: scope, hideIds: selection.hideIds, rules: rules,
                                     context: setup.context)
        let roster = try teacher.loadRoster(format: planning.format)
        report.name(from: (roster?.labels ?? [:]).mapValues { output.isForTerminal ? $0.escapingControlCharacters : $0 })
        let words = setup.words
        switch output.format {
        case .json:
            print(try ReportJSON.encode(report))
        case .text:
            print(ClassText(report: report, words: words, style: .forStandardOutput(environment: ProcessInfo.processInfo.environment)).render())
        case .markdown:
            print(ClassMarkdown(report: report, words: words).render())
        case let .html(file):
            let rosterClasses = Set(report.students.compactMap { $0.id.flatMap { roster?.extras[$0] } })
            let header = ReportHeader(school: teacher.schoolName, className: rosterClasses.count == 1 ? rosterClasses.first : selection.classId,
                                      modelCreatedAt: setup.recommender.model.metadata.createdAt)
            try HTMLPage.write(ClassHTML(report: report, setup: setup, modelPath: planning.model, header: header).render(),
                               to: file, inputs: planning.inputFiles + [selection.students].compactMap { $0 } + teacher.inputFiles)
            print(words.wrote(file))
        }
    }
}
