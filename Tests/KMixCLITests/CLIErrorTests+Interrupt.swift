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
        let ended = try KMixBinary.signal(signal, whenOutputShows: "step 1/",
                                          try TinyFolders.training(in: root, epochs: 1000) + ["--out", run.path])
        let text = ended.output
        #expect(ended.exited && ended.status == 128 + signal, "\(text)")
        #expect(text.contains("stopped after"), "\(text)")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("adapters.safetensors").path))
        #expect(CheckpointFolder(runFolder: run).steps().count == 1, "the stop saved a checkpoint")
    }
}
