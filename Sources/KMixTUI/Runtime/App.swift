import Foundation
import KMix

/// The main loop: read a key (waiting at most one frame, 33 ms at the default 30 per second), drain the trainer's and
/// the background jobs' actions, reduce, draw the changed cells on the backend.
public final class App {
    /// What the app shows; it changes only through `reduce(_:_:)`.
    private(set) var state: AppState
    private let backend: any TerminalBackend
    private let training: (any TrainingRunner)?
    private let options: RenderOptions
    private let frame: Duration
    private let jobs = BackgroundJobs()
    private let stopSignals: SignalWatch?
    /// The background reader of a followed run folder, while there is one.
    private var follower: RunFollower?
    /// The signal that ended `run` (SIGINT, SIGTERM or SIGHUP), if one did; the process should then exit with
    /// 128 + it.
    public private(set) var endingSignal: Int32?

    /// An app showing `state` on `backend`; `training` runs training and probes (nil: no model to train); `frame`
    /// is the longest wait for a key before the app looks at the background work again; `stopSignals`, when given,
    /// watches the signals that end the app as quitting does, a run still training saved (nil: signals keep their
    /// handlers).
    public init(state: AppState, backend: any TerminalBackend, training: (any TrainingRunner)?, options: RenderOptions,
                frame: Duration = .milliseconds(33), stopSignals: SignalWatch? = nil) {
        self.stopSignals = stopSignals
        self.state = state
        self.backend = backend
        self.training = training
        self.options = options
        self.frame = frame
    }

    /// Applies `action` before `run` starts, doing the work it asks for (`--run DIR --follow` starts following so).
    public func send(_ action: Action) { dispatch(action) }

    /// Runs until the user quits or a stop signal arrives; a run still training is stopped (it evaluates and saves
    /// its adapters and a checkpoint) before returning, and the backend is closed.
    public func run() {
        defer { backend.close() }
        var dirty = true
        while !state.shouldQuit {
            if let signal = stopSignals?.first {
                endingSignal = signal
                break
            }
            if dirty {
                draw()
                dirty = false
            }
            if let key = backend.readKey(timeout: frame) {
                dirty = true
                handle(key)
            }
            for action in (training?.drain() ?? []) + jobs.drain() {
                dispatch(action)
                dirty = true
            }
        }
        follower?.cancel()
        if let training, training.isRunning {
            if endingSignal != SIGHUP { draw() }
            training.stopAndWait()
        }
    }

    private func stopFollowing() {
        follower?.cancel()
        follower = nil
    }

    private func draw() {
        let size = backend.size
        backend.draw(RootView.render(state, width: size.width, height: size.height, options: options))
    }

    private func handle(_ key: Key) {
        switch key {
        case .resize:
            backend.invalidate()
        case .control("z"):
            backend.suspend()
        default:
            let size = backend.size
            let action = RenderOptions.fits(width: size.width, height: size.height)
                ? state.keyMap.action(for: key, in: state) : state.keyMap.tooSmallAction(for: key, in: state)
            if let action { dispatch(action) }
        }
    }

    private func dispatch(_ action: Action) {
        for effect in reduce(&state, action) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case let .savePlan(plan, path):
            if FileManager.default.fileExists(atPath: path), path != state.ownedPlanFile {
                return dispatch(.askOverwrite(path: path))
            }
            do {
                try plan.write(to: URL(fileURLWithPath: path))
                dispatch(.planSaved(path: path))
            } catch {
                dispatch(.notify(StatusMessage("Could not save \(path): \(error)", kind: .error)))
            }
        case let .loadPlan(path):
            do {
                dispatch(.planLoaded(try AdapterPlan.load(from: URL(fileURLWithPath: path), for: state.shape), path: path))
            } catch {
                dispatch(.notify(StatusMessage("Could not open \(path): \(error)", kind: .error)))
            }
        case let .startTraining(request):
            stopFollowing()
            if let training {
                training.launch(request)
            } else {
                dispatch(.trainingFailedToStart("no model loaded"))
            }
        case let .follow(path, quietAfter):
            stopFollowing()
            follower = RunFollower(path: path, shape: state.shape, quietAfter: quietAfter, jobs: jobs)
        case let .openRun(path):
            stopFollowing()
            let shape = state.shape, model = state.modelPath
            jobs.run {
                do {
                    return .runOpened(try OpenedRun.load(path, shape: shape, model: model))
                } catch {
                    return .notify(StatusMessage("Could not open the run \(path): \(error)", kind: .error))
                }
            }
        case let .export(request):
            let model = state.modelPath
            jobs.run {
                do {
                    return .exportFinished(request, files: try RunExport.write(request, model: model))
                } catch {
                    return .notify(StatusMessage("Export failed: \(error)", kind: .error))
                }
            }
        case let .probe(request):
            if let training {
                training.probe(request, jobs: jobs)
            } else {
                dispatch(.probeFailed("no model loaded"))
            }
        case let .allocate(request):
            if let training {
                training.allocate(request, jobs: jobs)
            } else {
                dispatch(.allocationFailed("no model loaded"))
            }
        case let .readRuns(folder):
            let shape = state.shape
            jobs.run {
                do {
                    return .runsRead(try RunListing.read(folder, shape: shape))
                } catch {
                    return .runsReadFailed(folder: folder, reason: "\(error)")
                }
            }
        case let .checkData(source, settings):
            jobs.run { .dataChecked(DataChoice.check(source), startingRun: settings) }
        case let .loadTheme(name):
            do {
                backend.setTheme(try ThemeFile.load(name))
                dispatch(.themeLoaded(name))
            } catch {
                dispatch(.notify(StatusMessage("Theme \(error)", kind: .error)))
            }
        case .quit:
            break
        case .pauseTraining, .resumeTraining, .stopTraining, .evaluateNow, .saveNow:
            training?.perform(effect)
        }
    }
}
