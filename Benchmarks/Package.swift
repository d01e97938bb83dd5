// swift-tools-version:6.0
// Benchmarks live in their own package so `swift test` at the root never builds them.
// Run: swift run -c release --package-path Benchmarks lotrinh-bench --help
import PackageDescription

let package = Package(
    name: "LotrinhBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Lotrinh", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "lotrinh-bench",
            dependencies: [
                .product(name: "_LotrinhInternals", package: "Lotrinh"),
                .product(name: "Recommend", package: "Lotrinh"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
