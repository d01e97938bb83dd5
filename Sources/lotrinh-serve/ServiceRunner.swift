import Dispatch
import Foundation
import Hummingbird
import Logging
import MasteryData
import Metrics
import NIOCore
import NIOPosix
import OpenAPIHummingbird
import OpenAPIRuntime
import Prometheus
import ServiceLifecycle
import StudentStore

/// The running service: model, store, HTTP server, and the signals that stop it or reload the model.
struct ServiceRunner {
    let configuration: ServeConfiguration
    let logLevel: String

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw ConfigurationError("unknown log level '\(logLevel)'") }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "lotrinh-serve")
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let pseudonymizer: Pseudonymizer?
        if let keyFile = configuration.pseudonymKeyFile {
            do {
                pseudonymizer = try Pseudonymizer(keyFile: URL(fileURLWithPath: keyFile))
            } catch {
                throw ConfigurationError("pseudonym key \(keyFile): \(error)")
            }
        } else {
            pseudonymizer = nil
            logger.warning("no pseudonymKeyFile configured: student ids are stored as given")
        }
        let models: ModelHolder
        do {
            models = try ModelHolder(path: configuration.model, skillsFile: configuration.skills, resourcesFile: configuration.resources,
                                     itemsFile: configuration.items)
        } catch {
            throw ConfigurationError("model \(configuration.model) (with its skills, resources and items files): \(error)")
        }
        let upgrades = try StudentStore.pendingUpgrades(at: configuration.database)
        if !upgrades.isEmpty {
            logger.notice("upgrading the answer store's schema before listening (a one-time copy of every answer on some upgrades)",
                          metadata: ["database": "\(configuration.database)", "upgrades": "\(upgrades.joined(separator: "; "))"])
        }
        let store = try StudentStore(path: configuration.database, pseudonymizer: pseudonymizer)
        Gauge(label: "lotrinh_model_generation").record(models.current.generation)

        let api = ServiceAPI(models: models, store: store, estimates: StudentEstimates(store: store), metrics: registry,
                             maxBatchEvents: configuration.maxBatchEvents)
        let router = Router()
        router.add(middleware: ServiceMiddleware(keys: Dictionary(configuration.apiKeys.map { ($0.sha256, $0) }) { first, _ in first },
                                                 maxBodyBytes: configuration.maxBodyBytes, logger: logger))
        // Compact replies: pretty printing cost 5 % of a path request's CPU, for whitespace.
        try api.registerHandlers(on: router, configuration: OpenAPIRuntime.Configuration(
            dateTranscoder: RFC3339Dates(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]))
        StudentPathRoute(api: api, maxBodyBytes: configuration.maxBodyBytes).register(on: router)
        AnswersRoute(api: api, maxBodyBytes: configuration.maxBodyBytes).register(on: router)
        let (loops, sharedWithConcurrency) = Self.eventLoops(threads: configuration.eventLoopThreads, logger: logger)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "lotrinh-serve"),
            onServerRunning: { channel in
                // One line on stdout that scripts and tests wait for (with port 0, the port chosen).
                let line = "lotrinh-serve: listening on http://\(configuration.host):\(channel.localAddress?.port ?? configuration.port)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            eventLoopGroupProvider: .shared(loops),
            logger: logger)

        let reloads = ModelReloadSignal(models: models, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        logger.info("serving", metadata: ["model": "\(configuration.model)", "generation": "\(models.current.generation)",
                                          "database": "\(configuration.database)"])
        try await group.run()
        // NIO's singleton group lives as long as the process and refuses to be shut down.
        if !sharedWithConcurrency { try await loops.shutdownGracefully() }
        reloads.cancel()
        try store.close()
        logger.info("stopped: requests drained, database closed")
    }
}

extension ServiceRunner {
    /// The event loops that serve the connections, with Swift concurrency's global executor
    /// moved onto them. Without the move, every request crossed threads twice (NIO read it, a
    /// thread of Swift's pool ran the handler, NIO wrote the reply), each crossing a wake-up
    /// through the kernel. NIO picks, for a job enqueued from one of its loops, that same loop.
    ///
    /// The handlers block their thread where they read SQLite, as they blocked a thread of Swift's
    /// pool before; the store's writes run on its own queue, and the requests that can take long
    /// run on NIO's blocking pool (``ServiceAPI/offloaded(_:)``).
    ///
    /// On Darwin, NIO allows the move only from the main thread, which an async command's `run()`
    /// is not on, so there the loops are a group of their own, as before.
    fileprivate static func eventLoops(threads: Int, logger: Logger) -> (group: MultiThreadedEventLoopGroup, sharedWithConcurrency: Bool) {
        #if os(Linux)
        NIOSingletons.groupLoopCountSuggestion = threads
        if NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            return (MultiThreadedEventLoopGroup.singleton, true)
        }
        #endif
        logger.notice("Swift concurrency stays on its own pool: requests hop between its threads and the event loops")
        return (MultiThreadedEventLoopGroup(numberOfThreads: threads), false)
    }
}

/// SIGHUP reloads the model: the new file is loaded and verified in full, then swapped in; a file
/// that fails leaves the old model serving and is logged.
final class ModelReloadSignal: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    init(models: ModelHolder, logger: Logger) {
        signal(SIGHUP, SIG_IGN)
        // The source is only resumed and cancelled, never mutated from two threads.
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "lotrinh-serve.reload"))
        source.setEventHandler {
            do {
                let loaded = try models.reload()
                Gauge(label: "lotrinh_model_generation").record(loaded.generation)
                Counter(label: "lotrinh_model_reloads_total", dimensions: [("result", "ok")]).increment()
                logger.notice("model reloaded", metadata: ["generation": "\(loaded.generation)", "path": "\(loaded.path)"])
            } catch {
                Counter(label: "lotrinh_model_reloads_total", dimensions: [("result", "failed")]).increment()
                logger.error("model reload failed; the previous model keeps serving", metadata: ["error": "\(error)"])
            }
        }
        source.resume()
    }

    func cancel() {
        source.cancel()
    }
}
