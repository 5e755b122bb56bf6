// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "kmix",
    products: [
        .library(name: "KMix", targets: ["KMix"]),
        .executable(name: "kmix", targets: ["kmix"]),
        .executable(name: "kmix-bench", targets: ["kmix-bench"]),
        .executable(name: "kmix-tui", targets: ["kmix-tui"]),
        .library(name: "KMixTUI", targets: ["KMixTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "KMix",
            dependencies: ["COpenBLAS"]
        ),
        .target(
            name: "KMixOptions",
            dependencies: [
                "KMix",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "kmix",
            dependencies: [
                "KMix",
                "KMixOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "kmix-bench",
            dependencies: [
                "KMix",
                "CBenchSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/kmix-bench"
        ),
        .target(
            name: "CBenchSupport",
            path: "Benchmarks/CBenchSupport"
        ),
        .systemLibrary(
            name: "CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "KMixTUI",
            dependencies: ["KMix", "CNCursesW"]
        ),
        .executableTarget(
            name: "kmix-tui",
            dependencies: [
                "KMix",
                "KMixOptions",
                "KMixTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "KMixTUITests",
            dependencies: ["KMixTUI", "KMix", "KMixTestSupport"],
            exclude: ["Golden"]
        ),
        .target(
            name: "KMixTestSupport",
            dependencies: ["KMix"],
            path: "Tests/KMixTestSupport"
        ),
        .testTarget(
            name: "KMixTests",
            dependencies: ["KMix", "KMixTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KMixCLITests",
            dependencies: ["KMix", "KMixTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
