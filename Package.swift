// swift-tools-version:6.0
// Lotrinh: personalized learning paths from graded answers.
// Targets and their import directions follow ../shared/DESIGN.md ("Targets and the direction of imports").
import PackageDescription

let package = Package(
    name: "Lotrinh",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Recommend", targets: ["Recommend"]),
        .executable(name: "lotrinh-train", targets: ["lotrinh-train"]),
        .executable(name: "lotrinh-path", targets: ["lotrinh-path"]),
        // Not for services: the separate Benchmarks/ and Fuzz/ packages measure and fuzz the
        // libraries beneath `Recommend`, and SwiftPM lets another package link a target only
        // through a product (`package` access stops at the package's edge). The leading
        // underscore is Swift's mark for a product outside the API (as swift-collections'
        // `_RopeModule`); a service links `Recommend` alone (DESIGN.md, ARCHITECTURE.md).
        .library(name: "_LotrinhInternals",
                 targets: ["MasteryData", "LinearAlgebra", "MasteryModel", "Training", "LearningPaths", "Simulation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        // lotrinh-serve and StudentStore (issue 18).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
    ],
    targets: [
        // MARK: - Linear algebra (BLAS / LAPACK)

        .systemLibrary(
            name: "CLinearAlgebra",
            path: "Sources/CLinearAlgebra",
            providers: [.apt(["libblas-dev", "liblapack-dev"])]
        ),
        .target(
            name: "LinearAlgebra",
            dependencies: ["CLinearAlgebra"]
        ),

        // MARK: - Data: records, CSV import, sparse storage, prerequisite graph

        // zlib, to read .gz inputs directly; a system module like Glibc, so outside Sources/.
        .systemLibrary(
            name: "CZlib",
            path: "SystemModules/CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "MasteryData",
            dependencies: ["CZlib", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // MARK: - Model: parameters, prediction, fold-in, the .lotrinh file

        .target(
            name: "MasteryModel",
            dependencies: ["LinearAlgebra", "MasteryData"]
        ),

        // MARK: - Training: fitting, evaluation

        .target(
            name: "Training",
            dependencies: ["LinearAlgebra", "MasteryData", "MasteryModel"]
        ),

        // MARK: - Learning paths: ordered paths over the prerequisite DAG, with reasons

        .target(
            name: "LearningPaths",
            dependencies: ["MasteryData"]
        ),

        // MARK: - Recommend: the library services link (inference only, no training code)

        .target(
            name: "Recommend",
            dependencies: ["MasteryModel", "LearningPaths", "MasteryData"]
        ),

        // MARK: - Reports: report content as values (class analytics, explanations, localized sentences), no rendering

        .target(
            name: "Reports",
            dependencies: ["Recommend", "LearningPaths", "MasteryData"]
        ),

        // MARK: - Simulation (synthetic data with known truth)

        .target(
            name: "Simulation",
            dependencies: ["Recommend", "Training", "LearningPaths", "MasteryModel", "MasteryData"]
        ),

        // MARK: - Executables

        .executableTarget(
            name: "lotrinh-train",
            dependencies: [
                "Training",
                "MasteryModel",
                "MasteryData",
                "Simulation",
                "LearningPaths",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .executableTarget(
            name: "lotrinh-path",
            dependencies: [
                "Recommend",
                "Reports",
                "LearningPaths",
                "MasteryData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - The HTTP service and its durable student store (issue 18)

        .target(
            name: "StudentStore",
            dependencies: ["MasteryData", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "lotrinh-serve",
            dependencies: [
                "Recommend",
                "Reports",
                "StudentStore",
                "MasteryData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),

        // MARK: - Tests

        .target(
            name: "LotrinhTestSupport",
            dependencies: ["MasteryData"],
            path: "Tests/LotrinhTestSupport"
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "LotrinhTestSupport"]),
        .testTarget(name: "MasteryDataTests", dependencies: ["MasteryData", "LotrinhTestSupport"]),
        .testTarget(name: "MasteryModelTests", dependencies: ["MasteryModel", "MasteryData", "LinearAlgebra", "LotrinhTestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "MasteryModel", "MasteryData", "Simulation", "LotrinhTestSupport"]),
        .testTarget(name: "LearningPathsTests", dependencies: ["LearningPaths", "MasteryData"]),
        .testTarget(name: "RecommendTests", dependencies: ["Recommend", "MasteryModel", "MasteryData", "Training", "LotrinhTestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Recommend", "LearningPaths", "MasteryData", "LotrinhTestSupport"]),
        .testTarget(name: "LotrinhPathTests", dependencies: ["lotrinh-path", "Reports", "LotrinhTestSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Recommend", "Training", "LearningPaths", "MasteryData", "LotrinhTestSupport"]),
        .testTarget(name: "LotrinhTrainTests", dependencies: ["lotrinh-train", "Training", "MasteryData", "LotrinhTestSupport"]),
        .testTarget(name: "StudentStoreTests", dependencies: ["StudentStore", "MasteryData", "LotrinhTestSupport",
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "ServeTests",
            dependencies: [
                "lotrinh-serve", "StudentStore", "Recommend", "MasteryModel", "MasteryData", "LotrinhTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
