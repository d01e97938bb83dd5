import AsyncHTTPClient
import Foundation
import LotrinhTestSupport
import XCTest

/// The built `lotrinh-serve`, started as a subprocess on a loopback port of its choosing, with
/// its own config, pseudonym key and database in a temporary folder; its log goes to a file the
/// tests read byte by byte.
/// Unchecked: start and stop are called from one task at a time (a test, or the one task that kills it).
final class ServerProcess: @unchecked Sendable {
    static let keyA = "school-a-key-0123456789abcdef"
    static let keyB = "school-b-key-0123456789abcdef"
    static let keyAll = "operator-key-0123456789abcdef"

    let folder: URL
    let modelPath: String
    private(set) var process: Process?
    private(set) var port = 0
    var logURL: URL { folder.appendingPathComponent("server.log") }
    var databasePath: String { folder.appendingPathComponent("answers.sqlite").path }
    var keyFile: URL { folder.appendingPathComponent("pseudonym.key") }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The curriculum files of the bundled model (topics, grades and learning material).
    static let skillsFile = RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/skills.csv").path
    static let resourcesFile = RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/resources.csv").path

    /// vn-grade6's answers, which name every item with its skills: the item bank of diagnostics and quizzes.
    static let itemsFile = RepositoryPaths.root.appendingPathComponent("datasets/vn-grade6/responses.csv").path

    /// A new folder with a config for three keys (school A, school B, every school) and `model`
    /// (a copy of the bundled service model unless given); with `curriculum`, vn-grade6's skills
    /// and resources files; with `items`, that item bank.
    init(model: String? = nil, curriculum: Bool = true, items: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lotrinh-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bundled = RepositoryPaths.root.appendingPathComponent("models/vn-grade6-service.lotrinh").path
        modelPath = folder.appendingPathComponent("model.lotrinh").path
        try FileManager.default.copyItem(atPath: model ?? bundled, toPath: modelPath)
        try Data((0..<32).map { _ in UInt8.random(in: 0...255) }.map { String(format: "%02x", $0) }.joined().utf8).write(to: keyFile)
        var config: [String: Any] = [
            "model": modelPath, "database": databasePath, "host": "127.0.0.1", "port": 0, "pseudonymKeyFile": keyFile.path,
            "apiKeys": [["name": "a", "sha256": Self.hash(Self.keyA), "schools": ["A"]],
                        ["name": "b", "sha256": Self.hash(Self.keyB), "schools": ["B"]],
                        ["name": "operator", "sha256": Self.hash(Self.keyAll), "schools": ["*"]]],
        ]
        if curriculum {
            config["skills"] = Self.skillsFile
            config["resources"] = Self.resourcesFile
        }
        if let items { config["items"] = items }
        try JSONSerialization.data(withJSONObject: config).write(to: folder.appendingPathComponent("serve.json"))
    }

    /// The hash as `lotrinh-serve hash-key` prints it (run for real, so the test covers it).
    static func hash(_ key: String) -> String {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("lotrinh-serve")
        process.arguments = ["hash-key"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try! process.run()
        input.fileHandleForWriting.write(Data((key + "\n").utf8))
        try! input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts the server and waits for its "listening on" line.
    func start() throws {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("lotrinh-serve")
        process.arguments = ["serve", "--config", folder.appendingPathComponent("serve.json").path]
        if !FileManager.default.fileExists(atPath: logURL.path) { FileManager.default.createFile(atPath: logURL.path, contents: nil) }
        let log = try FileHandle(forWritingTo: logURL)
        log.seekToEndOfFile()
        process.standardError = log
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        self.process = process
        let reader = output.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("\n"), Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":").last!) else {
            process.terminate()
            throw NSError(domain: "ServerProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: "the server did not start: \(text) \(self.log)"])
        }
        self.port = port
    }

    func signal(_ number: Int32) {
        guard let process else { return }
        kill(process.processIdentifier, number)
    }

    /// Sends `number` and waits for the process to exit; returns its status.
    @discardableResult
    func stop(_ number: Int32 = SIGTERM) -> Int32 {
        guard let process else { return 0 }
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A reply: status, content type and the body as JSON (or text).
struct Reply {
    var status: Int
    var contentType: String?
    var body: Data
    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Mastery probabilities by JSONDecoder, which reads a Double's shortest form back exactly
    /// (JSONSerialization on Linux can be a unit in the last place off).
    var probabilities: [Double] {
        struct Body: Decodable {
            struct Row: Decodable { var probability: Double }
            var skills: [Row]
        }
        return (try? JSONDecoder().decode(Body.self, from: body))?.skills.map(\.probability) ?? []
    }
}

extension HTTPClient {
    /// One request over the loopback socket.
    func send(_ method: String, _ url: String, key: String? = ServerProcess.keyA, json: Any? = nil, raw: Data? = nil,
              contentType: String = "application/json") async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body = try raw ?? json.map({ try JSONSerialization.data(withJSONObject: $0) }) {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(Array(body))
        }
        let response = try await execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                     body: Data(body.readableBytesView))
    }
}
