import Foundation

/// Runs the `kmix` executable (or another of the package's) built beside the test bundle.
public enum KMixBinary {
    /// The executable `name` in the test process's build folder.
    public static func url(of name: String) -> URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(name)
    }

    /// `kmix` in the test process's build folder.
    public static var url: URL { url(of: "kmix") }

    /// Whether `kmix` is built beside the tests.
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: url.path) }

    /// Whether `kmix-bench` is built beside the tests.
    public static var isBenchBuilt: Bool { FileManager.default.isExecutableFile(atPath: url(of: "kmix-bench").path) }

    /// Exit status, standard output and standard error of `program arguments`, run in `directory` (default: the
    /// test's working directory).
    public static func run(_ arguments: [String], input: String? = nil, program: String = "kmix",
                    directory: URL? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = url(of: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe(), error = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// A program that ended before its output showed what `signal(_:whenOutputShows:_:)` waited for.
    public struct EndedEarly: Error, CustomStringConvertible {
        public let awaited: String, output: String
        public var description: String { "kmix ended before its output showed \"\(awaited)\": \(output)" }
    }

    /// Runs `kmix arguments`, sends it `signal` once its standard output shows `text`, and returns how it ended
    /// (whether it exited, rather than died of a signal, and its status) and its whole standard output.
    /// - Throws: `EndedEarly` when it ended before showing `text`.
    public static func signal(_ signal: Int32, whenOutputShows text: String,
                              _ arguments: [String]) throws -> (exited: Bool, status: Int32, output: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var shown = ""
        while !shown.contains(text) {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else {
                process.waitUntilExit()
                throw EndedEarly(awaited: text, output: shown)
            }
            shown += String(decoding: data, as: UTF8.self)
        }
        kill(process.processIdentifier, signal)
        shown += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationReason == .exit, process.terminationStatus, shown)
    }
}
