import ArgumentParser
import KMix

/// `--threads N`, shared by the commands that run the model on batches. Optional, so that the help states the
/// default once, as a rule, rather than adding the count of the machine it was printed on.
struct ThreadsOption: ParsableArguments {
    @Option(name: .customLong("threads"), help: "Worker threads (default: $KMIX_THREADS, else one per core).")
    var count: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// The workers to split batches over: `--threads`, else `ThreadPolicy.defaultWorkers`.
    var workers: Int { count ?? ThreadPolicy.defaultWorkers }
}
