// swift-tools-version: 6.1
import PackageDescription

// Layers, each depending only on the one below it:
// cadreplan (CLI) → CadrePlanReport → CadrePlanCore → GLPK (safe wrapper) → CGLPK (C module)
let package = Package(
    name: "CadrePlan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cadreplan", targets: ["cadreplan"]),
        .library(name: "CadrePlanCore", targets: ["CadrePlanCore"]),
        .library(name: "CadrePlanReport", targets: ["CadrePlanReport"]),
        .library(name: "GLPK", targets: ["GLPK"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ],
    targets: [
        // Debian's libglpk-dev ships no pkg-config file: the module map names header and library.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        .target(name: "GLPK", dependencies: ["CGLPK"]),
        .target(
            name: "CadrePlanCore",
            dependencies: [
                "GLPK",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .target(
            name: "CadrePlanReport",
            dependencies: [
                "CadrePlanCore",
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .executableTarget(
            name: "cadreplan",
            dependencies: [
                "CadrePlanCore",
                "CadrePlanReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark harness for `make bench` (bench/run.py); not part of `make test`.
        .executableTarget(
            name: "cadreplan-bench",
            dependencies: [
                "CadrePlanCore",
                "CadrePlanReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GLPKTests", dependencies: ["GLPK"]),
        .testTarget(
            name: "CadrePlanCoreTests",
            dependencies: ["CadrePlanCore", "GLPK"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CadrePlanReportTests",
            dependencies: ["CadrePlanReport", "CadrePlanCore"]
        ),
        .testTarget(name: "CLITests", dependencies: ["cadreplan", "CadrePlanCore"], exclude: ["Golden"]),
    ]
)
