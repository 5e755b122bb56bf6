import Synchronization
@testable import KMix
@testable import KMixTUI

/// A trainer that starts at once and runs until stopped, recording what the app asked of it.
final class FakeTraining: TrainingRunner {
    struct Record {
        var launches: [TrainingRequest] = []
        var effects: [String] = []
        var pending: [Action] = []
        var running = false
        var stoppedAndWaited = false
    }

    let record = Mutex(Record())

    func launch(_ request: TrainingRequest) {
        let start = TrainingStart(totalSteps: 100, epochs: 1, batchSize: 32, examples: 3_200, trainableParameters: 1,
                                  labelNames: ["negative", "positive"], devExamples: 872)
        record.withLock {
            $0.launches.append(request)
            $0.running = true
            $0.pending += [.trainingPreparing(runFolder: "runs/fake"), .trainingEvent(.started(start))]
        }
    }

    func probe(_ request: ProbeRequest, jobs: BackgroundJobs) {
        record.withLock { $0.effects.append("probe") }
    }

    /// Allocates the budget by even scores, as the uniform signal does, without a model or data.
    func allocate(_ request: AllocationRequest, jobs: BackgroundJobs) {
        record.withLock { $0.effects.append("allocate") }
        jobs.run {
            do {
                let plan = try request.allocation.plan(scores: .uniform(request.base.shape))
                return .allocationFinished(AllocationProposal(plan: plan, budget: request.settings.budget,
                                                              signal: request.settings.signal, rows: request.probeRows))
            } catch {
                return .allocationFailed("\(error)")
            }
        }
    }

    func perform(_ effect: Effect) {
        record.withLock { $0.effects.append("\(effect)") }
    }

    func drain() -> [Action] {
        record.withLock { record in
            defer { record.pending.removeAll() }
            return record.pending
        }
    }

    var isRunning: Bool { record.withLock { $0.running } }

    func stopAndWait() {
        record.withLock {
            $0.running = false
            $0.stoppedAndWaited = true
        }
    }
}
