import ArgumentParser

@main
struct LotrinhTrain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lotrinh-train", abstract: "Train and validate Lotrinh models.")
}
