// swift-tools-version:6.0
// libFuzzer targets for Lotrinh's untrusted inputs: the CSV files, the model file and the JSON
// path request. A separate package (like Benchmarks/) so `swift test` at the root never builds
// them: they only run inside libFuzzer. Build and run them with `scripts/fuzz`, which builds with:
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
import PackageDescription

let fuzzTargets = ["fuzz-responses", "fuzz-skills", "fuzz-prerequisites", "fuzz-resources", "fuzz-csv-chunks",
                   "fuzz-model-file", "fuzz-path-request"]

let package = Package(
    name: "LotrinhFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Lotrinh", path: ".."),
    ],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CLibFuzzer", .product(name: "MasteryData", package: "Lotrinh")]
        ),
    ] + fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "MasteryData", package: "Lotrinh"),
                .product(name: "MasteryModel", package: "Lotrinh"),
                .product(name: "LearningPaths", package: "Lotrinh"),
                .product(name: "Recommend", package: "Lotrinh"),
            ]
        )
    }
)
