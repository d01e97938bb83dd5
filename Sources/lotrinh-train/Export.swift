import ArgumentParser
import MasteryData
import MasteryModel

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a model for services (without student rows) or as CSV for other tools.",
        discussion: """
        --out writes a .lotrinh model without any student identifier or parameter: services fold \
        their own students in. --csv writes skills.csv, global.csv (the global bias μ and the next-answer terms' weights), items.csv, model.json (and students.csv \
        with --include-students).

        Examples:
          lotrinh-train export models/vn-grade6.lotrinh --out models/vn-grade6-service.lotrinh
          lotrinh-train export models/vn-grade6.lotrinh --csv /tmp/vn-factors
        """
    )

    @Argument(help: "A .lotrinh model file.")
    var model: String

    @Option(help: ArgumentHelp("Write a model without students here.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Write the parameters as CSV files into this folder.", valueName: "dir"))
    var csv: String?

    @Flag(help: "With --csv, also write students.csv.")
    var includeStudents = false

    func validate() throws {
        guard out != nil || csv != nil else { throw ValidationError("Say where: --out FILE (a model without students) or --csv DIR.") }
        if includeStudents, csv == nil { throw ValidationError("--include-students applies to --csv only: --out never includes students.") }
    }

    func run() throws {
        if let out { try OutputPath.check(out, against: [model]) }
        let loaded = try MasteryModel.load(from: model)
        if let out {
            try loaded.withoutStudents().write(to: out)
            print("wrote \(out) (\(loaded.skillCount) skills, no students)")
        }
        if let csv {
            try loaded.exportCSV(to: csv, includeStudents: includeStudents)
            print("wrote \(csv)/skills.csv, global.csv, items.csv, model.json" + (includeStudents && loaded.hasStudents ? ", students.csv" : ""))
        }
    }
}
