import Foundation
import Testing

extension EndToEndTests {
    /// A program that writes a run folder: `kmix train`, or the PyTorch trainer `python3 -m kmix_torch.train`
    /// (the repository's `python/` package), which writes the same files.
    struct RunWriter {
        let executable: String
        let arguments: [String]
        var environment: [String: String] = [:]

        /// `kmix train` of `steps` steps on 320 rows of the SST-2 sample, one thread, into `run`.
        static func kmixTrain(run: String, steps: Int) -> RunWriter {
            let kmix = URL(fileURLWithPath: EndToEndTests.binary).deletingLastPathComponent().appendingPathComponent("kmix")
            return RunWriter(executable: kmix.path, arguments: ["train", "--task", "sst2", "--max-steps", "\(steps)",
                                                                "--max-train-rows", "320", "--threads", "1", "--out", run])
        }

        /// `python3 -m kmix_torch.train` of `steps` steps on 320 rows of the SST-2 sample on the default model, into
        /// `run`, imported from this checkout's `python/` folder.
        static func kmixTorch(run: String, steps: Int) -> RunWriter {
            let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            return RunWriter(executable: "/usr/bin/env",
                             arguments: ["python3", "-m", "kmix_torch.train", "--task", "sst2", "--max-steps", "\(steps)",
                                         "--max-train-rows", "320", "--threads", "1", "--out", run],
                             environment: ["PYTHONPATH": checkout.appendingPathComponent("python").path])
        }

        /// Starts the writer in `folder` and waits until the run's `plan.json` is there.
        func start(in folder: URL, run: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["KMIX_DATA"] = nil
            environment.merge(self.environment) { $1 }
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let plan = folder.appendingPathComponent(run).appendingPathComponent("plan.json")
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: plan.path) {
                guard process.isRunning, Date() < deadline else {
                    throw WriterFailed(description: "the writer wrote no \(plan.path)")
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return process
        }
    }

    /// A writer that ended, or took a minute, before writing its run's plan.
    struct WriterFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// `kmix-tui --run RUN --follow` shows the steps of a run another process writes as they arrive, the loss chart
    /// and norms with them, and says when the run has finished.
    @Test(.enabled(if: enabled), .timeLimit(.minutes(3)))
    func aFollowedRunShowsItsStepsAsTheyArrive() throws {
        try follow(writer: .kmixTrain(run: "run", steps: 30), killingIt: false)
    }

    /// The same with the PyTorch trainer writing the run, started after kmix-tui: kmix-tui waits for the folder
    /// that does not exist yet, then follows the run kmix_torch writes.
    @Test(.enabled(if: enabled), .timeLimit(.minutes(3)))
    func aFollowedKmixTorchRunShowsItsStepsAsTheyArrive() throws {
        try follow(writer: .kmixTorch(run: "run", steps: 30), killingIt: false, writerFirst: false)
    }

    /// When the writer is killed, the followed run says it has gone quiet after `--quiet-after`.
    @Test(.enabled(if: enabled), .timeLimit(.minutes(3)))
    func aFollowedRunWhoseWriterIsKilledGoesQuiet() throws {
        try follow(writer: .kmixTrain(run: "run", steps: 300), killingIt: true)
    }

    /// Starts `writer` on the run folder `run` and follows it in `kmix-tui` (started first, on a folder that does not
    /// exist yet, unless `writerFirst`), and sees its steps arrive; then waits for the run to finish, or kills the
    /// writer and waits for "gone quiet".
    private func follow(writer: RunWriter, killingIt: Bool, writerFirst: Bool = true) throws {
        let (tmux, folder) = try Self.freshShell()
        defer { Self.discard(tmux, folder) }
        var started: Process?
        defer { if let process = started, process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        if writerFirst { started = try writer.start(in: folder, run: "run") }
        try Self.launch(tmux, "--run run --follow --quiet-after 4")
        if !writerFirst {
            let waiting = try tmux.wait(seconds: 30) { $0.contains("following run — waiting for its metrics.jsonl") }
            #expect(waiting.contains("following run — waiting for its metrics.jsonl"), "\(waiting)")
            started = try writer.start(in: folder, run: "run")
        }
        let process = try #require(started)
        var screen = try tmux.wait(seconds: 60) { $0.contains("following run — step ") && (Self.stepCount($0) ?? 0) >= 2 }
        let first = try #require(Self.stepCount(screen), "no step arrived:\n\(screen)")
        #expect(!screen.contains("waiting for the first step"), "the loss chart is drawn:\n\(screen)")
        screen = try tmux.wait(seconds: 60) { (Self.stepCount($0) ?? 0) > first }
        #expect((Self.stepCount(screen) ?? 0) > first, "the step count grows:\n\(screen)")
        #expect(screen.contains(", last line "), "\(screen)")
        if killingIt {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            screen = try tmux.wait(seconds: 30) { $0.contains("gone quiet: no new line for ") }
            #expect(screen.contains("gone quiet: no new line for ") && screen.contains("(last: step "), "\(screen)")
        } else {
            screen = try tmux.wait(seconds: 120) { $0.contains("followed run — finished at step 30/30") }
            #expect(screen.contains("followed run — finished at step 30/30"), "\(screen)")
            #expect(!screen.contains("norms appear every few steps"), "the norms are drawn:\n\(screen)")
        }
        try tmux.send("q")
        screen = try tmux.wait(seconds: 20) { Self.exited($0, status: 0) }
        #expect(Self.exited(screen, status: 0), "\(screen)")
    }
}
