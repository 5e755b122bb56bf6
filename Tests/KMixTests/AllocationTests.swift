import Foundation
import KMixTestSupport
import Testing

/// The steady-state training step allocates (almost) nothing. `kmix-bench --allocations`
/// counts every heap allocation in every thread during each timed step (forward, backward,
/// clipping, AdamW) with a malloc interposer, after a first pass over the same batches has
/// grown the buffers; `--max-allocations` makes it fail when a step allocates more.
@Suite(.enabled(if: TestModel.isAvailable && KMixBinary.isBenchBuilt))
struct AllocationTests {
    /// The one allowed allocation is the 32-byte wrapper `withoutActuallyEscaping` makes for the
    /// step's worker closure (see `WorkerPool.run`).
    @Test func steadyStateTrainingStepsAllocateAtMostOnce() throws {
        let result = try KMixBinary.run([
            "train-paper-nlu", "--steps", "3", "--warmup", "1", "--threads", "2", "--no-peak", "--no-reference",
            "--allocations", "--max-allocations", "1", "--max-rows", "2000",
            "--train-data", ProjectFiles.sst2("train.tsv").path, "--model", try TestModel.requireFolder().path,
        ], program: "kmix-bench")
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("timed steps (steady state)"), "\(result.output)")
    }
}
