import ArgumentParser
import Foundation
import MasteryData
import MasteryModel

@main
struct LotrinhTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lotrinh-train",
        abstract: "Import, validate and prepare the graded answers that Lotrinh learns from.",
        discussion: """
        Data is read from CSV files (UTF-8, header row). Lotrinh's own layout is a folder with
        responses.csv, skills.csv, prerequisites.csv and resources.csv; public datasets are read
        as published with --preset.

        Examples:
          lotrinh-train validate --data datasets/assist2009
          lotrinh-train validate --preset junyi --data ../shared/datasets/junyi2015
          lotrinh-train validate --responses export.csv --column student=user_id --skip-invalid
          lotrinh-train synth --out /tmp/demo --curriculum vn-grade6 --students 500
          lotrinh-train simulate --quick
          lotrinh-train simulate --curriculum vn-grade6 --learner damped+continuity --loop closed
        """,
        version: Lotrinh.versionDescription,
        subcommands: [Validate.self, Fit.self, Evaluate.self, Tune.self, Inspect.self, Export.self, Synth.self, Simulate.self, SimulateTally.self]
    )

    /// Process-wide settings before any command runs: BLAS on one thread (`EngineBLAS`); a write
    /// past the file-size limit (`ulimit -f`) must fail as "File too large" and clean up after
    /// itself, not kill the process by SIGXFSZ with a temporary file left behind; SIGINT and
    /// SIGTERM remove the temporary file of a write in progress before the process ends.
    static func main() {
        EngineBLAS.useOneThread()
        signal(SIGXFSZ, SIG_IGN)
        // An interrupted model write leaves no temporary copy of the model (student rows and all).
        TemporaryFiles.removeOnInterrupt()
        main(nil)
    }
}
