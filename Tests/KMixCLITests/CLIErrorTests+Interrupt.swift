import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Ctrl-C during `kmix train`: the run stops after the current step, evaluates and saves, and the process exits
/// with status 130 (128 + SIGINT), so that a script can tell a stopped run from a completed one.
extension CLIErrorTests {
    @Test func interruptedTrainingSavesAndExitsWith130() throws {
        let root = folder.appendingPathComponent("interrupt"), run = folder.appendingPathComponent("interrupt-run")
        let process = Process()
        process.executableURL = KMixBinary.url
        process.arguments = try TinyFolders.training(in: root, epochs: 1000) + ["--out", run.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("step 1/") {
            let data = output.fileHandleForReading.availableData
            try #require(!data.isEmpty, "kmix train ended before its first step: \(text)")
            text += String(decoding: data, as: UTF8.self)
        }
        process.interrupt()
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 130, "\(text)")
        #expect(text.contains("stopped after"), "\(text)")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("adapters.safetensors").path))
        #expect(CheckpointFolder(runFolder: run).steps().count == 1, "the stop saved a checkpoint")
    }
}
