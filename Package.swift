// swift-tools-version:6.1
import PackageDescription

// The core also makes imports internal by default, so libsodium never leaks out of it.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
let standard: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "lucka",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LuckaCore", targets: ["LuckaCore"]),
        .library(name: "LuckaRelay", targets: ["LuckaRelay"]),
        .executable(name: "lucka-relay", targets: ["lucka-relay"]),
        .executable(name: "lucka-staff", targets: ["lucka-staff"]),
        .executable(name: "lucka", targets: ["lucka"]),
        .executable(name: "lucka-bench", targets: ["lucka-bench"]),
        .executable(name: "lucka-fuzz", targets: ["lucka-fuzz"]),
        .executable(name: "lucka-texts", targets: ["lucka-texts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // libsodium, through pkg-config. Never imported publicly: LuckaCore wraps it.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Starting child processes (sendmail, the editor, the tests' servers) without Foundation's Process.
        .target(name: "CSpawn"),
        .target(name: "Spawn", dependencies: ["CSpawn"], swiftSettings: standard),
        // Crypto, codes, protocol types. No HTTP, no storage engine.
        .target(
            name: "LuckaCore",
            dependencies: ["CSodium"],
            swiftSettings: strict
        ),
        // Every word a person reads: languages, the one resolver, and the catalogues compiled
        // from Texts/<domain>/*.po. Nothing beyond the standard library.
        .target(name: "LuckaText", swiftSettings: standard),
        // Reads the .po files and writes LuckaText's Generated/ tables; shared by lucka-texts and the freshness test.
        .target(name: "LuckaTextCompiler", dependencies: ["LuckaText"], swiftSettings: standard),
        .executableTarget(name: "lucka-texts", dependencies: ["LuckaTextCompiler"], swiftSettings: standard),
        // The relay: storage, HTTP application, web pages.
        .target(
            name: "LuckaRelay",
            dependencies: [
                "LuckaCore",
                "LuckaText",
                "Spawn",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Notices: web hooks.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: standard
        ),
        // HTTP client code shared by the two command-line clients.
        .target(
            name: "LuckaClient",
            dependencies: [
                "LuckaCore",
                "LuckaText",
                "Spawn",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: standard
        ),
        .executableTarget(
            name: "lucka-relay",
            dependencies: [
                "LuckaRelay",
                "LuckaText",
                // For `serve --demo`: the demo counsellor founds the demo clinic through the API.
                "LuckaClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: standard
        ),
        .executableTarget(
            name: "lucka-staff",
            dependencies: [
                "LuckaClient",
                "LuckaText",
                "Spawn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: standard
        ),
        .executableTarget(
            name: "lucka",
            dependencies: [
                "LuckaClient",
                "LuckaText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: standard
        ),
        .executableTarget(
            name: "lucka-bench",
            dependencies: [
                "LuckaClient",
                "Spawn",
                "LuckaRelay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: standard
        ),
        // One function per parser of outside input, shared by the fuzzer and the replay test.
        .target(
            name: "LuckaFuzzTargets",
            dependencies: ["LuckaCore", "LuckaRelay", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: standard
        ),
        // libFuzzer driver when built by scripts/fuzz (-DLUCKA_FUZZ); a corpus replayer otherwise.
        .executableTarget(
            name: "lucka-fuzz",
            dependencies: ["LuckaFuzzTargets"],
            path: "Fuzz/lucka-fuzz",
            swiftSettings: standard
        ),
        .testTarget(
            name: "LuckaRelayTests",
            dependencies: [
                "LuckaRelay",
                "LuckaText",
                "LuckaFuzzTargets",
                "Spawn",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // The contract suite creates a fresh PostgreSQL database per test.
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: standard
        ),
        // Runs the real executables on loopback.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["LuckaClient", "Spawn"],
            swiftSettings: standard
        ),
        .testTarget(
            name: "LuckaClientTests",
            dependencies: ["LuckaClient", "LuckaText"],
            swiftSettings: standard
        ),
        // The writer's words: both languages complete, every key the tool uses in the table.
        .testTarget(
            name: "WriterTextTests",
            dependencies: ["lucka", "LuckaClient", "LuckaText"],
            swiftSettings: standard
        ),
        // Tags, the resolver, fallback and plurals; the generated tables match the .po files.
        .testTarget(
            name: "LuckaTextTests",
            dependencies: ["LuckaText", "LuckaTextCompiler"],
            swiftSettings: standard
        ),
        .testTarget(
            name: "LuckaCoreTests",
            dependencies: ["LuckaCore", "Spawn"],
            resources: [.copy("Vectors")],
            swiftSettings: standard
        ),
    ]
)
