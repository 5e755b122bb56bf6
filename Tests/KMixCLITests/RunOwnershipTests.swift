import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// kmix writes only into folders it may call its own: not `--out ""`, not a model's folder, not a folder of
/// other files, not a run without `--overwrite` (which removes only kmix's files, naming them); it never deletes
/// through a symbolic link, resumes and prunes only its own run's checkpoints, and one process writes a run at a
/// time while others may read it.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct RunOwnershipTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-own-\(UUID().uuidString)")

    /// The arguments of a 4-step tiny run without `--out`.
    func training() throws -> [String] {
        try TinyFolders.training(in: root.appendingPathComponent("inputs"), epochs: 1) + ["--max-steps", "4", "--save-every", "2"]
    }

    func refusal(_ arguments: [String], mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try KMixBinary.run(arguments)
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.error.split(separator: "\n").count == 1 || result.status == 64, "\(result.error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(result.error.contains(fragment), "\(result.error) should mention \(fragment)", sourceLocation: sourceLocation)
        }
    }

    @Test func anEmptyOutIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try refusal(try training() + ["--out", ""], mentions: ["--out is empty; give a folder path"])
    }

    @Test func aFolderOfOtherFilesIsLeftAlone() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("checkpoints/.keep"), withIntermediateDirectories: true)
        try Data("{\"mine\": true}".utf8).write(to: folder.appendingPathComponent("config.json"))
        let before = try ResumeErrorTests.snapshot(folder)
        try refusal(try training() + ["--out", folder.path], mentions: [folder.path, "is not empty", "not a kmix run"])
        try refusal(try training() + ["--out", folder.path, "--overwrite"], mentions: [folder.path, "not a kmix run"])
        #expect(try ResumeErrorTests.snapshot(folder) == before)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("checkpoints/.keep").path))
    }

    @Test func theModelFolderIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = try training()
        let model = root.appendingPathComponent("inputs/model")
        let before = try ResumeErrorTests.snapshot(model)
        try refusal(arguments + ["--out", model.path], mentions: [model.path, "holds a model"])
        #expect(try ResumeErrorTests.snapshot(model) == before)
        _ = try PretrainedModel.load(folder: model)
    }

    @Test func overwriteRemovesOnlyTheRunsOwnFilesAndSaysWhich() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = try training()
        let run = root.appendingPathComponent("run")
        try #require(try KMixBinary.run(arguments + ["--out", run.path]).status == 0)
        let firstID = try #require(try RunConfiguration.load(fromRun: run).runID)
        try Data("my notes".utf8).write(to: run.appendingPathComponent("notes.txt"))
        try refusal(arguments + ["--out", run.path], mentions: [run.path, "already holds a kmix run", "--overwrite"])
        let again = try KMixBinary.run(arguments + ["--max-steps", "2", "--out", run.path, "--overwrite"])
        try #require(again.status == 0, "\(again.error)")
        #expect(again.output.contains("--overwrite removed checkpoints/step-2, checkpoints/step-4, adapters.safetensors, "
                                      + "metrics.jsonl, plan.json, config.json from \(run.path)"), "\(again.output)")
        #expect(try String(contentsOf: run.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes")
        #expect(try RunConfiguration.load(fromRun: run).runID != firstID)
        #expect(CheckpointFolder(runFolder: run).steps() == [2], "the longer run's checkpoints are gone")
    }

    @Test func checkpointsThatAreASymbolicLinkAreNeverFollowed() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try ResumeErrorTests.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent(".step-1.leftover.tmp"), withIntermediateDirectories: true)
        let checkpoints = CheckpointFolder(runFolder: run).url
        try FileManager.default.moveItem(at: checkpoints, to: root.appendingPathComponent("moved"))
        try FileManager.default.createSymbolicLink(at: checkpoints, withDestinationURL: elsewhere)
        try refusal(["train", "--resume", run.path], mentions: [checkpoints.path, "symbolic link"])
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent(".git").path))
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent(".step-1.leftover.tmp").path))
        CheckpointFolder(runFolder: run).removeLeftovers()
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent(".step-1.leftover.tmp").path))
    }

    @Test func anotherRunsCheckpointsAreNeitherResumedNorPruned() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try ResumeErrorTests.run()
        let other = try ResumeErrorTests.run()
        defer {
            try? FileManager.default.removeItem(at: run.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: other.deletingLastPathComponent())
        }
        let mine = CheckpointFolder(runFolder: run)
        try mine.remove(step: 4)
        try FileManager.default.copyItem(at: CheckpointFolder(runFolder: other).folder(step: 4), to: mine.folder(step: 99))
        try FileManager.default.copyItem(at: mine.folder(step: 2), to: mine.url.appendingPathComponent("step-09"))
        let own = try RunConfiguration.load(fromRun: run)
        #expect(CheckpointFolder(runFolder: run, runID: own.runID).steps() == [2])
        let resumed = try KMixBinary.run(["train", "--resume", run.path, "--keep-last", "1"])
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.output.contains("resuming \(run.path) from step 2"), "\(resumed.output)")
        #expect(CheckpointFolder(runFolder: run, runID: own.runID).steps() == [4])
        #expect(FileManager.default.fileExists(atPath: mine.folder(step: 99).path), "a foreign checkpoint is not pruned")
        #expect(FileManager.default.fileExists(atPath: mine.url.appendingPathComponent("step-09").path))
    }

    /// Runs `body` while this process holds the writer locks of `folders`.
    func holdingLocks(on folders: [URL], _ body: () throws -> Void) throws {
        let locks = try folders.map(RunLock.acquire)
        try withExtendedLifetime(locks, body)
    }

    @Test func oneWriterAtATimeWhileReadersStillRead() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try ResumeErrorTests.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        try CheckpointFolder(runFolder: run).remove(step: 4)
        try holdingLocks(on: [run]) {
            let pid = ProcessInfo.processInfo.processIdentifier
            try refusal(["train", "--resume", run.path], mentions: [run.path, "being written by another kmix (process \(pid))"])
            #expect(try KMixBinary.run(["eval", "--run", run.path]).status == 0, "a reader reads while the run is locked")
        }
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try holdingLocks(on: [empty]) {
            try refusal(try training() + ["--out", empty.path], mentions: [empty.path, "being written by another kmix"])
        }
        let resumed = try KMixBinary.run(["train", "--resume", run.path])
        #expect(resumed.status == 0, "once the lock is released: \(resumed.error) \(resumed.output)")
    }
}
