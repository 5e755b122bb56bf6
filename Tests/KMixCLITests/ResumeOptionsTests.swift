import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix train --resume` with no other options continues with the checkpointing the run recorded.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct ResumeOptionsTests {
    @Test func resumeKeepsTheRecordedCheckpointCadenceAndHistory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run")
        let first = try KMixBinary.run(try TinyFolders.training(in: root, epochs: 1)
            + ["--max-steps", "8", "--save-every", "2", "--keep-last", "3", "--out", run.path])
        try #require(first.status == 0, "\(first.error)")
        let checkpoints = CheckpointFolder(runFolder: run)
        #expect(checkpoints.steps() == [4, 6, 8])
        let configuration = try RunConfiguration.load(fromRun: run)
        #expect(configuration.saveEvery == 2 && configuration.keepLast == 3 && configuration.keepBest == false)

        for step in [6, 8] { try FileManager.default.removeItem(at: checkpoints.folder(step: step)) }
        let resumed = try KMixBinary.run(["train", "--resume", run.path])
        try #require(resumed.status == 0, "\(resumed.error)")
        #expect(checkpoints.steps() == [4, 6, 8], "saved every 2 steps again, keeping the last 3")
        let steps = try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n").compactMap { line -> Int? in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                return object["event"] as? String == "step" ? object["step"] as? Int : nil
            }
        #expect(steps == Array(1...8))
    }

    @Test func configurationRecordsDataFilesAsAbsolutePaths() {
        let folder = FileManager.default.currentDirectoryPath
        let configuration = RunConfiguration(
            model: "/m", task: nil, trainFile: "data/./train.tsv", devFile: "data/x/../dev.tsv", textColumn: nil,
            pairColumn: nil, labelColumn: nil, devTextColumn: nil, labelValues: ["0"], labelNames: ["0"], maxLength: 8,
            maxTrainRows: nil, parameters: TrainingParameters())
        #expect(configuration.trainFile == URL(fileURLWithPath: folder).appendingPathComponent("data/train.tsv").path)
        #expect(configuration.devFile == URL(fileURLWithPath: folder).appendingPathComponent("data/dev.tsv").path)
    }

    @Test func relativeDataPathsAreRecordedAbsoluteSoAnyFolderCanResume() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let relative = try TinyFolders.training(in: root, epochs: 1).map { argument in
            argument.hasPrefix(root.path + "/") ? String(argument.dropFirst(root.path.count + 1)) : argument
        }
        #expect(relative.contains("train.tsv") && relative.contains("dev.tsv"))
        let first = try KMixBinary.run(relative + ["--max-steps", "4", "--save-every", "2", "--out", "run"], directory: root)
        try #require(first.status == 0, "\(first.error)")
        let run = root.appendingPathComponent("run")
        let configuration = try RunConfiguration.load(fromRun: run)
        #expect(configuration.trainFile == root.appendingPathComponent("train.tsv").path)
        #expect(configuration.devFile == root.appendingPathComponent("dev.tsv").path)

        try FileManager.default.removeItem(at: CheckpointFolder(runFolder: run).folder(step: 4))
        let resumed = try KMixBinary.run(["train", "--resume", run.path], directory: URL(fileURLWithPath: "/"))
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(CheckpointFolder(runFolder: run).steps() == [2, 4])
    }
}
