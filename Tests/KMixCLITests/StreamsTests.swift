import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Text input is split on `\n`, `\r\n` and `\r` by bytes and read from pipes and FIFOs as streams; every write to
/// standard output or a file is checked, a full disk named, a closed pipe quiet.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct StreamsTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-streams-\(UUID().uuidString)")

    func model() throws -> URL {
        let model = root.appendingPathComponent("model")
        try TinyFolders.model(in: model)
        return model
    }

    /// The `input_ids` of each line `kmix embed` writes for `input` on standard input.
    func embeddedIDs(_ input: String, model: URL) throws -> [[Int]] {
        let result = try KMixBinary.run(["embed", "--model", model.path, "--input", "-"], input: input)
        try #require(result.status == 0, "\(result.error)")
        return try result.output.split(separator: "\n").map { line in
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(json["input_ids"] as? [Int])
        }
    }

    @Test func everyLineEndCountsAndOnlyOnce() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let model = try model()
        let unix = try embeddedIDs("good film\nbad film\n", model: model)
        #expect(unix.count == 2)
        #expect(try embeddedIDs("good film\r\nbad film\r\n", model: model) == unix)
        #expect(try embeddedIDs("good film\rbad film", model: model) == unix)
        #expect(try embeddedIDs("good film\r\n\nbad film\r", model: model).count == 3)
        #expect(try embeddedIDs("", model: model).isEmpty)
    }

    @Test func aFIFOIsReadAsAStream() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let model = try model()
        let fifo = root.appendingPathComponent("lines")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo.path) {
                handle.write(Data("good film\nbad film\nfilm\n".utf8))
                try? handle.close()
            }
        }
        writer.start()
        let result = try KMixBinary.run(["embed", "--model", model.path, "--input", fifo.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.split(separator: "\n").count == 3)
    }

    @Test func aFullDiskIsNamedAndAClosedPipeIsQuiet() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let model = try model()
        let lines = root.appendingPathComponent("lines.txt")
        try String(repeating: "good film\n", count: 5_000).write(to: lines, atomically: true, encoding: .utf8)
        for command in [["embed", "--model", model.path, "--input", lines.path], ["inspect", model.path]] {
            let full = try shell("\(KMixBinary.url.path) \(command.joined(separator: " ")) > /dev/full")
            #expect(full.status == 1, "\(command): \(full.error)")
            #expect(full.error == "Error: could not write standard output (No space left on device)\n", "\(command)")
        }
        let piped = try shell("\(KMixBinary.url.path) embed --model \(model.path) --input \(lines.path) | head -c 10 > /dev/null")
        #expect(piped.status == 0 || piped.status == 141, "quiet, or ended as by SIGPIPE")
        #expect(piped.error.isEmpty, "a closed pipe is quiet: \(piped.error)")
    }

    @Test func anOutputFileIsWholeOrAbsent() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let model = try model()
        let output = root.appendingPathComponent("out.jsonl"), input = root.appendingPathComponent("in.txt")
        try (Data("good film\n".utf8) + Data([0x66, 0xFF, 0x0A])).write(to: input)
        let result = try KMixBinary.run(["embed", "--model", model.path, "--input", input.path, "--output", output.path])
        #expect(result.status != 0)
        #expect(result.error.contains("line 2 of \(input.path) is not UTF-8 text"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }.isEmpty,
                "no temporary file left")
    }

    @Test func predictReadsItsLinesInPartsAndNumbersThemAcrossParts() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run")
        let trained = try KMixBinary.run(try TinyFolders.training(in: root.appendingPathComponent("inputs"), epochs: 1)
                                         + ["--max-steps", "2", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")
        let count = 2 * 1_024 + 5
        let input = (0..<count).map { $0 % 2 == 0 ? "good film" : "bad film" }.joined(separator: "\r\n") + "\r\n"
        let result = try KMixBinary.run(["predict", "--run", run.path, "--input", "-"], input: input)
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == count)
        let indices = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["index"] as? Int
        }
        #expect(indices == Array(0..<count))
        #expect(lines[0].split(separator: ",").dropFirst().joined() == lines[2048].split(separator: ",").dropFirst().joined(),
                "the same text gets the same scores in another part")
    }

    /// Status and standard error of `command` run by `/bin/sh` with `pipefail`.
    func shell(_ command: String) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-o", "pipefail", "-c", command]
        let error = Pipe()
        process.standardError = error
        try process.run()
        let text = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
    }
}
