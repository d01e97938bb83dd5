import ArgumentParser
import Foundation
import MasteryData
import Recommend

@main
struct LotrinhServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lotrinh-serve",
        abstract: "The HTTP service a school platform calls: stores answers durably, answers mastery, paths and class views.",
        discussion: """
        The contract is openapi.yaml. SIGTERM (or SIGINT) stops accepting connections, finishes the \
        requests in flight and closes the database; SIGHUP reloads the model file (a file that fails \
        its checks leaves the old model serving).
        """,
        subcommands: [Serve.self, HashKey.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the service.",
        discussion: """
        Settings come from the config file; a flag, then an environment variable \
        (LOTRINH_MODEL, LOTRINH_DATABASE, LOTRINH_HOST, LOTRINH_PORT, LOTRINH_PSEUDONYM_KEY_FILE) \
        overrides the file.

        Example:
          lotrinh-serve serve --config serve.example.json
        """)

    @Option(help: ArgumentHelp("The config file (JSON; see serve.example.json).", valueName: "file"))
    var config = "serve.json"

    @Option(help: ArgumentHelp("The model file (.lotrinh).", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp("The SQLite database of answers (created when absent).", valueName: "file"))
    var database: String?

    @Option(help: "The address to listen on.")
    var host: String?

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port: Int?

    @Option(help: ArgumentHelp("The operator's pseudonymization key file.", valueName: "file"))
    var pseudonymKeyFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        Recommender.useOneBLASThread()
        var configuration = try ServeConfiguration.load(path: config)
        let environment = ProcessInfo.processInfo.environment
        configuration.model = model ?? environment["LOTRINH_MODEL"] ?? configuration.model
        configuration.database = database ?? environment["LOTRINH_DATABASE"] ?? configuration.database
        configuration.host = host ?? environment["LOTRINH_HOST"] ?? configuration.host
        if let port = port ?? environment["LOTRINH_PORT"].flatMap(Int.init) { configuration.port = port }
        configuration.pseudonymKeyFile = pseudonymKeyFile ?? environment["LOTRINH_PSEUDONYM_KEY_FILE"] ?? configuration.pseudonymKeyFile
        guard (0...65535).contains(configuration.port) else { throw ValidationError("port \(configuration.port) must be in 0...65535") }
        try await ServiceRunner(configuration: configuration, logLevel: logLevel).run()
    }
}

struct HashKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-key",
        abstract: "Print the SHA-256 of an API key, as the config's apiKeys[].sha256 stores it.",
        discussion: """
        The key is read from standard input (one line), so that it stays out of the shell's history.

        Example:
          printf '%s' "$KEY" | lotrinh-serve hash-key
        """)

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let key = String(decoding: input, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !key.isEmpty else { throw ValidationError("no key on standard input") }
        guard key.count >= 16 else { throw ValidationError("an API key needs at least 16 characters; this one has \(key.count)") }
        print(ServeConfiguration.hash(ofKey: key))
    }
}
