import Foundation
import KMixTestSupport
import Testing
@testable import KMix

@Suite struct TrainerTests {
    /// Every event until the run ends, read by polling like the UI does.
    func drain(_ trainer: Trainer, onStep: (Int) -> Void = { _ in }) -> [TrainingEvent] {
        var cursor = 0, events: [TrainingEvent] = []
        while true {
            let read = trainer.events.read(after: cursor)
            #expect(read.missed == 0)
            cursor = read.cursor
            for event in read.events {
                events.append(event)
                if case let .step(report) = event { onStep(report.step) }
                switch event {
                case .finished, .failed: return events
                default: continue
                }
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
    }

    /// Waits (up to 30 s, for loaded machines) until the trainer has published an event that `matches`.
    func await(_ trainer: Trainer, _ matches: (TrainingEvent) -> Bool) {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if trainer.events.read(after: 0).events.contains(where: matches) { return }
            Thread.sleep(forTimeInterval: 0.001)
        }
        Issue.record("the trainer published no such event in 30 s")
    }

    func steps(_ events: [TrainingEvent]) -> [StepReport] {
        events.compactMap { if case let .step(report) = $0 { return report }; return nil }
    }

    @Test func observersSeeEveryStepOnceAndInOrderAndTheModelLearns() throws {
        let trainer = Trainer(try TinyWorkspace.setup(steps: 60, evaluateEvery: 30))
        trainer.start()
        let events = drain(trainer)
        #expect(steps(events).map(\.step) == Array(1...60))
        let second = trainer.events.read(after: 0).events
        #expect(second.count == events.count, "a second observer reads the same history")
        guard case let .finished(summary)? = events.last else { Issue.record("no finish: \(events.last!)"); return }
        #expect(summary.steps == 60 && !summary.stopped)
        let evaluations = events.compactMap { if case let .evaluation(r) = $0 { return r }; return nil }
        #expect(evaluations.map(\.step) == [30, 60])
        #expect((summary.finalEvaluation?.accuracy ?? 0) >= 0.8, "learns 'contains good' on the tiny model")
        #expect(events.contains { if case .headNorms = $0 { return true }; return false })
    }

    @Test func pauseResumeStopAndEvaluateFromAnotherThread() throws {
        let trainer = Trainer(try TinyWorkspace.setup(steps: 10_000))
        trainer.start()
        var paused = false, stopped = false
        let events = drain(trainer) { step in
            if step == 5 && !paused {
                // Each request waits for the trainer to act on the one before, however slowly the machine runs it.
                paused = true
                trainer.pause()
                self.await(trainer) { if case .paused = $0 { return true }; return false }
                Thread.sleep(forTimeInterval: 0.2)
                trainer.evaluateNow()
                self.await(trainer) { if case .evaluation = $0 { return true }; return false }
                trainer.resume()
                self.await(trainer) { if case .resumed = $0 { return true }; return false }
            }
            if step == 20 && !stopped {
                stopped = true
                trainer.stop()
            }
        }
        let reports = steps(events)
        #expect(reports.map(\.step) == Array(1...reports.count), "no step lost or repeated around the pause")
        #expect(reports.count >= 20 && reports.count < 40, "stopped soon after the request")
        #expect(events.contains { if case .paused = $0 { return true }; return false })
        #expect(events.contains { if case .resumed = $0 { return true }; return false })
        let evaluations = events.compactMap { if case let .evaluation(r) = $0 { return r }; return nil }
        #expect(evaluations.count == 2, "one requested evaluation and the final one")
        guard case let .finished(summary)? = events.last else { Issue.record("no finish"); return }
        #expect(summary.stopped)
        let pauseGap = zip(reports, reports.dropFirst()).map { $1.elapsed - $0.elapsed }.max() ?? 0
        #expect(pauseGap < 0.15, "elapsed time excludes the pause")
    }

    @Test func evaluateAndSaveRequestedWhilePausedHappenAtOnceAndTheRunStaysPaused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainer = Trainer(try TinyWorkspace.setup(steps: 10_000, runFolder: folder))
        trainer.start()
        var cursor = 0, events: [TrainingEvent] = []
        /// Reads events until one matches `done`, for at most 10 seconds.
        func read(until done: (TrainingEvent) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let read = trainer.events.read(after: cursor)
                cursor = read.cursor
                events += read.events
                if read.events.contains(where: done) { return true }
                Thread.sleep(forTimeInterval: 0.001)
            }
            return false
        }
        #expect(read { if case let .step(report) = $0 { return report.step >= 3 }; return false })
        trainer.pause()
        #expect(read { if case .paused = $0 { return true }; return false })
        let pausedAt = events.reduce(0) { if case let .step(r) = $1 { return r.step }; return $0 }
        trainer.evaluateNow()
        #expect(read { if case .evaluation = $0 { return true }; return false }, "evaluated while paused")
        trainer.saveNow()
        #expect(read { if case .saved = $0 { return true }; return false }, "saved while paused")
        Thread.sleep(forTimeInterval: 0.1)
        events += trainer.events.read(after: cursor).events
        #expect(!trainer.hasEnded)
        let afterPause = events.drop { if case .paused = $0 { return false }; return true }
        #expect(!afterPause.contains { if case .step = $0 { return true }; return false }, "still paused")
        #expect(!afterPause.contains { if case .resumed = $0 { return true }; return false }, "still paused")
        let evaluation = afterPause.compactMap { if case let .evaluation(r) = $0 { return r }; return nil }
        #expect(evaluation.map(\.step) == [pausedAt])
        let file = try SafeTensorsFile(url: folder.appendingPathComponent("adapters.safetensors"))
        #expect(file.metadata["step"] == "\(pausedAt)")
        trainer.stop()
        trainer.waitUntilFinished()
    }

    @Test func sameSeedAndWorkersGiveTheSameLossAtEveryStep() throws {
        func losses(seed: UInt64, workers: Int) throws -> [Float] {
            let trainer = Trainer(try TinyWorkspace.setup(steps: 25, seed: seed, workers: workers))
            trainer.start()
            return steps(drain(trainer)).map(\.loss)
        }
        let first = try losses(seed: 3, workers: 2)
        #expect(first == (try losses(seed: 3, workers: 2)), "bit-identical: same seed, same worker count")
        #expect(first != (try losses(seed: 4, workers: 2)))
    }

    @Test func nonFiniteLossStopsTheRunWithAClearMessage() throws {
        let trainer = Trainer(try TinyWorkspace.setup(steps: 200, learningRate: 1e12))
        trainer.start()
        let events = drain(trainer)
        guard case let .failed(step, reason)? = events.last else { Issue.record("no failure: \(events.last!)"); return }
        #expect(step > 0 && reason.contains("lower the learning rate"), "\(reason)")
        #expect(trainer.waitUntilFinished() == nil)
    }

    @Test func runFolderRecordsHistoryAndAdaptersThatLoadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainer = Trainer(try TinyWorkspace.setup(steps: 12, evaluateEvery: 6, runFolder: folder))
        trainer.start()
        let summary = try #require(trainer.waitUntilFinished())
        let lines = try String(contentsOf: folder.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        let kinds = try lines.map { line -> String in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return object["event"] as! String
        }
        #expect(kinds.filter { $0 == "step" }.count == 12)
        let firstStep = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect((firstStep["peak_rss_mib"] as? Int ?? 0) > 0, "steps record the peak memory")
        #expect(kinds.filter { $0 == "eval" }.count == 2)
        #expect(kinds.contains("head_norms"))
        let file = try SafeTensorsFile(url: folder.appendingPathComponent("adapters.safetensors"))
        #expect(file.metadata["step"] == "12")
        for entry in summary.adapters.store.entries {
            #expect(try file.floats(entry.name) == Array(summary.adapters.store.values[entry.range]), "\(entry.name)")
        }
    }

    @Test func eventLogKeepsTheNewestAndCountsWhatAReaderMissed() {
        let log = EventLog<Int>(capacity: 4)
        for i in 1...10 { log.append(i) }
        let read = log.read(after: 3)
        #expect(read.events == [7, 8, 9, 10] && read.missed == 3 && read.cursor == 10)
        #expect(log.read(after: 10).events.isEmpty)
    }
}
