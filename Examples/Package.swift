// swift-tools-version:6.0
// A runnable example of a service that links only the `Recommend` library product, as a
// school's system would. Its own package, so `swift test` at the root never builds it.
// Run: swift run -c release --package-path Examples recommend-service < Examples/requests.jsonl
import PackageDescription

let package = Package(
    name: "LotrinhExamples",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Lotrinh", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "recommend-service",
            dependencies: [.product(name: "Recommend", package: "Lotrinh")]
        ),
    ]
)
