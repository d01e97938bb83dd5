// swift-tools-version:6.0
// libFuzzer targets for Lotrinh's untrusted inputs: the CSV files, the model file and the JSON
// path request. A separate package (like Benchmarks/) so `swift test` at the root never builds
// them: they only run inside libFuzzer. Build and run them with `scripts/fuzz`, which builds with:
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
import PackageDescription

/// Each fuzz target and the libraries it exercises.
let fuzzTargets: [(name: String, libraries: [String])] = [
    ("fuzz-responses", ["MasteryData"]),
    ("fuzz-skills", ["MasteryData"]),
    ("fuzz-prerequisites", ["MasteryData", "LearningPaths"]),
    ("fuzz-resources", ["MasteryData", "LearningPaths"]),
    ("fuzz-csv-chunks", ["MasteryData"]),
    ("fuzz-model-file", ["MasteryData", "MasteryModel", "Recommend"]),
    ("fuzz-path-request", ["LearningPaths", "Recommend"]),
]

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
    ] + fuzzTargets.map { target in
        .executableTarget(
            name: target.name,
            dependencies: ["FuzzSupport"] + target.libraries.map { .product(name: $0, package: "Lotrinh") }
        )
    }
)
