import Foundation

/// Paths of files the tests read from outside the package.
enum SharedFiles {
    /// The package root (three levels above this file).
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/` beside the project: reference fixtures and real data.
    static let shared = projectRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)

    /// A file of `../shared/fixtures/`.
    static func fixture(_ name: String) -> URL { shared.appendingPathComponent("fixtures/" + name) }

    /// A file of `../shared/data/`.
    static func data(_ path: String) -> URL { shared.appendingPathComponent("data/" + path) }

    /// Whether tests that read `../shared/` should run: when it is present, and
    /// always under `KMIX_REQUIRE_MODEL=1` (CI), where its absence must fail, not skip.
    static var isPresent: Bool {
        ProcessInfo.processInfo.environment["KMIX_REQUIRE_MODEL"] == "1"
            || FileManager.default.fileExists(atPath: fixture("README.md").path)
    }
}
