// swift-tools-version: 6.1
import PackageDescription

/// Property-based testing (fuzzing with a fixed seed) for parsers, text input and the console reducer.
let propertyBased: Target.Dependency = .product(name: "PropertyBased", package: "swift-property-based")

let package = Package(
    name: "StackShift",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DurableJobs", targets: ["DurableJobs"]),
        .library(name: "JobStore", targets: ["JobStore"]),
        .library(name: "SQLiteJobStore", targets: ["SQLiteJobStore"]),
        .library(name: "PostgresJobStore", targets: ["PostgresJobStore"]),
        .executable(name: "stackshift", targets: ["stackshift"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // ConfigurationSupport (swift-configuration) is left out: the server is configured by its command line.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // The storage boundary: protocol, records, run-status state machine. No SQL here.
        .target(name: "JobStore"),
        // The default driver: SQLite through GRDB.
        .target(
            name: "SQLiteJobStore",
            dependencies: ["JobStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The multi-machine driver: PostgreSQL through PostgresNIO.
        .target(
            name: "PostgresJobStore",
            dependencies: [
                "JobStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The public engine API. Never imports a driver.
        .target(
            name: "DurableJobs",
            dependencies: [
                "JobStore", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Running other programs (tmux, editors, worker processes) without leaking this process's files to them.
        .target(name: "ChildProcesses"),
        // One conformance suite every driver runs, plus fixtures and a test clock.
        .target(name: "JobStoreTesting", dependencies: ["JobStore", propertyBased]),
        // Strict YAML files (scenarios, the tour): unknown fields refused, every problem named by file, line, field.
        .target(name: "YAMLFiles", dependencies: ["Yams"]),
        // The console: pure state, reducer, keymap, views into a cell buffer, themes. No curses, clock or I/O.
        .target(name: "Console", dependencies: ["JobStore", "YAMLFiles", "Yams"]),
        // ncursesw from the system.
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        // The thin ncursesw backend: draws cell buffers, decodes keys, mouse and resizes.
        .target(name: "ConsoleTerminal", dependencies: ["CNCurses", "Console"]),
        // Demo mode: realistic jobs on the real API, a load generator, YAML scenarios with planted faults.
        .target(
            name: "Demo",
            dependencies: [
                "DurableJobs", "JobStore", "YAMLFiles", "Yams", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `stackshift bench`: engine, raw SQLite, console and PostgreSQL measurements.
        .target(
            name: "Benchmarks",
            dependencies: [
                "JobStore", "SQLiteJobStore", "PostgresJobStore", "DurableJobs", "Console", "ChildProcesses",
                "StackShiftServer",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // `stackshift serve`: the operations over HTTP, API keys, webhooks, the change stream, /metrics.
        .target(
            name: "StackShiftServer",
            dependencies: [
                "DurableJobs", "JobStore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "StackShiftCLI",
            dependencies: [
                "JobStore", "SQLiteJobStore", "PostgresJobStore", "DurableJobs", "Console", "ConsoleTerminal", "Demo",
                "Benchmarks", "ChildProcesses", "StackShiftServer", "YAMLFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "stackshift",
            dependencies: ["StackShiftCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // A real worker process that crash-recovery tests kill with `kill -9`.
        .executableTarget(
            name: "stackshift-test-worker", dependencies: ["DurableJobs", "SQLiteJobStore", "PostgresJobStore"],
            path: "Tests/Support/TestWorker"
        ),

        .testTarget(name: "JobStoreTests", dependencies: ["JobStore", "JobStoreTesting", propertyBased]),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses"]),
        .testTarget(name: "SQLiteJobStoreTests", dependencies: ["SQLiteJobStore", "JobStoreTesting"]),
        .testTarget(name: "PostgresJobStoreTests", dependencies: ["PostgresJobStore", "JobStoreTesting"]),
        .testTarget(
            name: "DurableJobsTests",
            dependencies: [
                "DurableJobs", "SQLiteJobStore", "PostgresJobStore", "JobStoreTesting", "ChildProcesses",
                "stackshift-test-worker", propertyBased, .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "DemoTests",
            dependencies: [
                "Demo", "SQLiteJobStore", "JobStoreTesting", "YAMLFiles",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "BenchmarksTests", dependencies: ["Benchmarks", "PostgresJobStore", "JobStoreTesting", "stackshift"]),
        .testTarget(name: "ConsoleTerminalTests", dependencies: ["ConsoleTerminal", "Console"]),
        .testTarget(
            name: "ConsoleTests", dependencies: ["Console", "YAMLFiles", "JobStoreTesting", propertyBased],
            exclude: ["__Snapshots__"]),
        .testTarget(
            name: "StackShiftServerTests",
            dependencies: [
                "StackShiftServer", "DurableJobs", "SQLiteJobStore", "JobStoreTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "StackShiftCLITests",
            dependencies: [
                "StackShiftCLI", "SQLiteJobStore", "PostgresJobStore", "DurableJobs", "JobStoreTesting",
                "ChildProcesses",
                "stackshift",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
