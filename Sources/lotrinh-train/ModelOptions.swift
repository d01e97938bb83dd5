import ArgumentParser
import MasteryModel
import Training

/// The model and fitting options that `fit` (and later `evaluate` and `tune`) share.
struct ModelOptions: ParsableArguments {
    @Option(help: "Rank of the student and skill factors (0: no factors; with --no-item-bias --no-practice that is the Rasch model).")
    var rank = 8

    @Flag(name: .customLong("no-item-bias"), help: "Leave out the per-question bias b_i.")
    var noItemBias = false

    @Flag(name: .customLong("no-practice"), help: "Leave out the practice terms γ⁺·log(1+wins) + γ⁻·log(1+fails).")
    var noPractice = false

    @Option(help: "L2 strength on every factor (students and skills).")
    var lambdaFactors: Double?

    @Option(help: "L2 strength on every bias (students, skills, items).")
    var lambdaBias: Double?

    @Option(help: "L2 strength on the practice gains γ.")
    var lambdaPractice: Double?

    @Option(help: ArgumentHelp("Discount older answers: an answer this far behind the student's latest counts half.", valueName: "n"))
    var halfLife: Double?

    @Option(help: "Unit of --half-life: answers or days.")
    var halfLifeUnit: Recency.Unit = .answers

    @Option(help: "Upper bound on sweeps.")
    var maxSweeps = 100

    @Option(help: "Stop when the objective changes by less than this fraction in a sweep.")
    var tolerance = 1e-5

    @Option(help: "Worker threads (default: all cores).")
    var threads = FitConfiguration.availableCores

    @Option(help: "Random seed (the same seed and thread count give a bit-identical model).")
    var seed: UInt64 = 1

    func validate() throws {
        guard rank >= 0, rank <= 512 else { throw ValidationError("--rank must be between 0 and 512") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard maxSweeps >= 1 else { throw ValidationError("--max-sweeps must be at least 1") }
        for (name, value) in [("--lambda-factors", lambdaFactors), ("--lambda-bias", lambdaBias), ("--lambda-practice", lambdaPractice), ("--half-life", halfLife)] {
            if let value, !(value > 0 && value.isFinite) { throw ValidationError("\(name) must be a positive number") }
        }
    }

    var configuration: FitConfiguration {
        var config = FitConfiguration(rank: rank, terms: ModelTerms(itemBias: !noItemBias, practice: !noPractice),
                                      recency: Recency(halfLife: halfLife, unit: halfLifeUnit),
                                      maxSweeps: maxSweeps, tolerance: tolerance, threads: threads, seed: seed)
        if let lambdaFactors {
            config.regularization.studentFactors = lambdaFactors
            config.regularization.skillFactors = lambdaFactors
        }
        if let lambdaBias {
            config.regularization.studentBias = lambdaBias
            config.regularization.skillBias = lambdaBias
            config.regularization.itemBias = lambdaBias
        }
        if let lambdaPractice { config.regularization.practice = lambdaPractice }
        return config
    }
}

extension Recency.Unit: ExpressibleByArgument {}
