import ArgumentParser
import Recommend

@main
struct LotrinhPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lotrinh-path",
        abstract: "Show teachers what their students master and should learn next, and why.",
        discussion: """
        Uses the same Recommend library that services call, so it shows exactly what they compute. \
        Every subcommand prints text, or --json, --markdown, or an HTML report with --html FILE; \
        the interface is in Vietnamese when the skill names are (choose with --lang vi|en).

        Examples:
          lotrinh-path student --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 17
          lotrinh-path class --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --class 3 --html class-3.html
          lotrinh-path explain --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 17 --skill T6.26
        """,
        version: Recommender.versionDescription,
        subcommands: [Student.self, ClassCommand.self, ExplainCommand.self, DiagnoseCommand.self, QuizCommand.self]
    )

    /// BLAS on one thread before any command runs: the class reports fold in many students, each
    /// with small BLAS calls.
    static func main() {
        Recommender.useOneBLASThread()
        main(nil)
    }
}
