// swift-tools-version:6.0
// libFuzzer targets for Lotrinh's untrusted inputs: the CSV files, the model file and the JSON
// path request. A separate package (like Benchmarks/) so `swift test` at the root never builds
// them: they only run inside libFuzzer. Build and run them with `scripts/fuzz`, which builds with:
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
import PackageDescription

/// Each fuzz target and the products of Lotrinh it links: `Recommend`, and `_LotrinhInternals`
/// (every library beneath it; not for services, see the root Package.swift).
let fuzzTargets: [(name: String, libraries: [String])] = [
    ("fuzz-responses", ["_LotrinhInternals"]),
    ("fuzz-skills", ["_LotrinhInternals"]),
    ("fuzz-prerequisites", ["_LotrinhInternals"]),
    ("fuzz-resources", ["_LotrinhInternals"]),
    ("fuzz-csv-chunks", ["_LotrinhInternals"]),
    ("fuzz-model-file", ["_LotrinhInternals", "Recommend"]),
    ("fuzz-path-request", ["_LotrinhInternals", "Recommend"]),
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
            dependencies: ["CLibFuzzer", .product(name: "_LotrinhInternals", package: "Lotrinh")]
        ),
    ] + fuzzTargets.map { target in
        .executableTarget(
            name: target.name,
            dependencies: ["FuzzSupport"] + target.libraries.map { .product(name: $0, package: "Lotrinh") }
        )
    }
)
