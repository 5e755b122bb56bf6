import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Ctrl-C, SIGTERM or SIGHUP (a closed terminal) during `kmix train`: the run stops after the current step,
/// evaluates and saves, and the process exits with 128 + the signal (130 for SIGINT), so that a script can tell a
/// stopped run from a completed one.
extension CLIErrorTests {
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func interruptedTrainingSavesAndExitsWith128PlusTheSignal(signal: Int32) throws {
        let root = folder.appendingPathComponent("interrupt-\(signal)"), run = folder.appendingPathComponent("interrupt-run-\(signal)")
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
        kill(process.processIdentifier, signal)
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal, "\(text)")
        #expect(text.contains("stopped after"), "\(text)")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("adapters.safetensors").path))
        #expect(CheckpointFolder(runFolder: run).steps().count == 1, "the stop saved a checkpoint")
    }
}
