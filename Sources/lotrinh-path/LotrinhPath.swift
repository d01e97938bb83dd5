import ArgumentParser

@main
struct LotrinhPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lotrinh-path",
        abstract: "Show teachers what a student masters and should learn next.",
        discussion: """
        Uses the same Recommend library that services call, so it shows exactly what they compute.

        Examples:
          lotrinh-path student --model models/vn-grade6.lotrinh --answers datasets/vn-grade6/responses.csv --student 17
          lotrinh-path student --model models/vn-grade6.lotrinh --student 17 --json
        """,
        subcommands: [Student.self]
    )
}
