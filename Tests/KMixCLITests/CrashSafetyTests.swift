import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Kills `kmix train --save-every 1` with SIGKILL at random moments, many times, and checks after
/// every kill that each visible `step-N` folder is a complete checkpoint and that the newest
/// checkpoint from before the kill is still there, byte for byte, unless pruned by newer ones.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct CrashSafetyTests {
    static let kills = 30
    static let keepLast = 3

    @Test func killedWriterNeverLeavesAPartialCheckpoint() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run")
        let training = try TinyFolders.training(in: root, epochs: 100_000)
        let model = try PretrainedModel.load(folder: root.appendingPathComponent("model"))
        let checkpoints = CheckpointFolder(runFolder: run)
        let saving = ["--save-every", "1", "--keep-last", "\(Self.keepLast)"]

        let first = try Self.start(training + ["--out", run.path] + saving)
        let deadline = Date().addingTimeInterval(30)
        while checkpoints.steps().isEmpty && first.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        Self.kill(first)
        try #require(!checkpoints.steps().isEmpty, "the first run wrote no checkpoint")

        var interrupted = 0
        for kill in 0..<Self.kills {
            let previous = checkpoints.steps().last!
            let before = try Self.contents(of: checkpoints.folder(step: previous))
            let delay = Int.random(in: 50...400)
            let child = try Self.start(["train", "--resume", run.path] + saving)
            Thread.sleep(forTimeInterval: Double(delay) / 1000)
            Self.kill(child)
            let context = "kill \(kill) after \(delay) ms"
            let names = try FileManager.default.contentsOfDirectory(atPath: checkpoints.url.path)
            if names.contains(where: { $0.hasPrefix(".step-") }) { interrupted += 1 }
            let steps = checkpoints.steps()
            #expect(names.filter { !$0.hasPrefix(".") }.count == steps.count, "\(context): stray entries \(names)")
            for step in steps {
                #expect(throws: Never.self, "\(context): step-\(step) loads") {
                    _ = try Checkpoint.load(from: checkpoints.folder(step: step), model: model)
                }
            }
            try #require(steps.last.map { $0 >= previous } == true, "\(context): newest \(steps) before \(previous)")
            if steps.contains(previous) {
                #expect(try Self.contents(of: checkpoints.folder(step: previous)) == before, "\(context): step-\(previous) changed")
            } else {
                #expect(steps.count >= Self.keepLast && steps[0] > previous, "\(context): step-\(previous) vanished: \(steps)")
            }
        }
        print("CrashSafetyTests: \(Self.kills) kills, \(interrupted) left a checkpoint half-written, "
              + "newest checkpoint step-\(checkpoints.steps().last!)")
    }

    /// Starts `kmix arguments` with its output discarded.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = KMixBinary.url
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Sends SIGKILL to `process` and waits for it to end.
    static func kill(_ process: Process) {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Every file of `folder` and its bytes.
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }
}
