import Foundation
import MasteryData

/// The service's one config file (JSON), e.g. `serve.example.json`:
///
///     {"model": "models/vn-grade6-service.lotrinh", "database": "/var/lib/lotrinh/answers.sqlite",
///      "host": "127.0.0.1", "port": 8080, "pseudonymKeyFile": "/etc/lotrinh/pseudonym.key",
///      "skills": "datasets/vn-grade6/skills.csv", "resources": "datasets/vn-grade6/resources.csv",
///      "items": "datasets/vn-grade6/responses.csv",
///      "apiKeys": [{"name": "school-a-platform", "sha256": "…", "schools": ["A"]}]}
///
/// `skills` (skills.csv: topic and grade per skill) lets path requests name a `topic` and
/// `grade`; `resources` (resources.csv: `skill_id`, `title`, `url`) puts learning material on
/// each step; `items` (any CSV with `item_id` and `skill_id`) is the bank diagnostics and
/// quizzes choose from. All three are read again, with the model, on every reload.
///
/// Relative paths are read from the config file's folder. API keys are stored as the SHA-256 of
/// the key (`lotrinh-serve hash-key` prints it), never the key. A key's schools are the only ones
/// it can read or write; `"*"` is every school (an operator's key).
struct ServeConfiguration: Codable, Sendable {
    struct APIKey: Codable, Sendable {
        /// A label for logs (never the key).
        var name: String?
        /// Lowercase hex SHA-256 of the key.
        var sha256: String
        var schools: [String]
    }

    var model: String
    var database: String
    var host: String = "127.0.0.1"
    var port: Int = 8080
    var pseudonymKeyFile: String?
    /// skills.csv of the model's curriculum (topics and grades); nil: paths take no topic or grade.
    var skills: String?
    /// resources.csv; nil: steps carry no resources.
    var resources: String?
    /// The item bank (`item_id`, `skill_id`); nil: no diagnostics or quizzes.
    var items: String?
    var apiKeys: [APIKey]
    /// Largest request body, in bytes.
    var maxBodyBytes: Int = 1 << 20
    /// Most events in one `POST /v1/answers`.
    var maxBatchEvents: Int = 1000
    /// Threads that read and write the connections and run the handlers: Swift concurrency's jobs
    /// run on these event loops, so a request does not hop between NIO's threads and Swift's pool
    /// (on two cores that hop cost a third of a path request's CPU: BENCHMARKS.md, the HTTP
    /// service). One per core by default.
    var eventLoopThreads: Int = ProcessInfo.processInfo.activeProcessorCount

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, database, host, port, pseudonymKeyFile, skills, resources, items, apiKeys, maxBodyBytes, maxBatchEvents,
             eventLoopThreads
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
            .filter { CodingKeys(rawValue: $0) == nil }
        if let first = unknown.sorted().first {
            throw ConfigurationError("unknown key '\(first)' (the keys are \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        model = try container.decode(String.self, forKey: .model)
        database = try container.decode(String.self, forKey: .database)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? port
        pseudonymKeyFile = try container.decodeIfPresent(String.self, forKey: .pseudonymKeyFile)
        skills = try container.decodeIfPresent(String.self, forKey: .skills)
        resources = try container.decodeIfPresent(String.self, forKey: .resources)
        items = try container.decodeIfPresent(String.self, forKey: .items)
        apiKeys = try container.decode([APIKey].self, forKey: .apiKeys)
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? maxBodyBytes
        maxBatchEvents = try container.decodeIfPresent(Int.self, forKey: .maxBatchEvents) ?? maxBatchEvents
        eventLoopThreads = try container.decodeIfPresent(Int.self, forKey: .eventLoopThreads) ?? eventLoopThreads
    }

    /// Reads and checks the file; relative paths become relative to its folder.
    static func load(path: String) throws -> ServeConfiguration {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError("cannot read the config file \(path): \(error.localizedDescription)")
        }
        var configuration: ServeConfiguration
        do {
            configuration = try JSONDecoder().decode(ServeConfiguration.self, from: data)
        } catch let error as ConfigurationError {
            throw ConfigurationError("\(path): \(error.message)")
        } catch {
            throw ConfigurationError("\(path): \(error)")
        }
        let folder = url.deletingLastPathComponent()
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") ? file : folder.appendingPathComponent(file).standardizedFileURL.path
        }
        configuration.model = resolve(configuration.model)
        configuration.database = resolve(configuration.database)
        configuration.pseudonymKeyFile = configuration.pseudonymKeyFile.map(resolve)
        configuration.skills = configuration.skills.map(resolve)
        configuration.resources = configuration.resources.map(resolve)
        configuration.items = configuration.items.map(resolve)
        try configuration.validate(path: path)
        return configuration
    }

    func validate(path: String) throws {
        guard (0...65535).contains(port) else { throw ConfigurationError("\(path): port \(port) must be in 0...65535 (0: any free port)") }
        guard maxBodyBytes >= 1024 else { throw ConfigurationError("\(path): maxBodyBytes \(maxBodyBytes) must be at least 1024") }
        guard maxBatchEvents >= 1 else { throw ConfigurationError("\(path): maxBatchEvents must be at least 1") }
        guard (1...256).contains(eventLoopThreads) else {
            throw ConfigurationError("\(path): eventLoopThreads \(eventLoopThreads) must be in 1...256")
        }
        for (index, key) in apiKeys.enumerated() {
            guard key.sha256.count == 64, key.sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw ConfigurationError("\(path): apiKeys[\(index)].sha256 must be 64 lowercase hex digits (lotrinh-serve hash-key prints it)")
            }
            guard !key.schools.isEmpty, !key.schools.contains("") else {
                throw ConfigurationError("\(path): apiKeys[\(index)].schools must name at least one school (\"*\" for all)")
            }
        }
    }

    /// The SHA-256 of an API key as the config stores it.
    static func hash(ofKey key: String) -> String {
        Digest.hex(Digest.sha256(Array(key.utf8)))
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

struct ConfigurationError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
