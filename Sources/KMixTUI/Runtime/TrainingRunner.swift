/// What the app needs from the background training (`TrainingSession`): start runs and probes, control the run,
/// and hear what happened.
public protocol TrainingRunner: AnyObject, Sendable {
    /// Starts a run of `request`; its progress arrives through `drain()`.
    func launch(_ request: TrainingRequest)
    /// Runs the head probe of `request` on `jobs`, whose result action arrives through `jobs.drain()`.
    func probe(_ request: ProbeRequest, jobs: BackgroundJobs)
    /// Measures the evidence of `request` and allocates its budget on `jobs`, whose progress and result actions
    /// arrive through `jobs.drain()`.
    func allocate(_ request: AllocationRequest, jobs: BackgroundJobs)
    /// Carries out a training control (pause, resume, stop, evaluate, save) on the current run.
    func perform(_ effect: Effect)
    /// Actions for everything that happened since the last call.
    func drain() -> [Action]
    /// Whether a run has started and not yet ended.
    var isRunning: Bool { get }
    /// Stops the current run after its step and blocks until it has evaluated and saved its adapters.
    func stopAndWait()
}
