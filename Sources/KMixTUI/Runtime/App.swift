import Foundation
import KMix

/// The main loop: read a key (one frame's timeout, 33 ms at the default 30 per second), drain trainer events, reduce, render, flush the changed cells.
public final class App {
    private var state: AppState
    private let terminal: Terminal
    private let session: TrainingSession?
    private let options: RenderOptions
    private let jobs = BackgroundJobs()

    /// An app showing `state` on `terminal`; `session` runs training (nil: no model to train).
    public init(state: AppState, terminal: Terminal, session: TrainingSession?, options: RenderOptions) {
        self.state = state
        self.terminal = terminal
        self.session = session
        self.options = options
    }

    /// Runs until the user quits; the terminal is restored before returning.
    public func run() {
        defer { terminal.close() }
        var dirty = true
        while !state.shouldQuit {
            if dirty {
                let size = terminal.size
                terminal.draw(RootView.render(state, width: size.width, height: size.height, options: options))
                dirty = false
            }
            if let key = terminal.readKey() {
                dirty = true
                handle(key)
            }
            for action in (session?.drain() ?? []) + jobs.drain() {
                dispatch(action)
                dirty = true
            }
        }
        if let session, session.isRunning {
            let size = terminal.size
            terminal.draw(RootView.render(state, width: size.width, height: size.height, options: options))
            session.stopAndWait()
        }
    }

    private func handle(_ key: Key) {
        switch key {
        case .resize:
            terminal.invalidate()
        case .control("z"):
            terminal.suspend()
        default:
            let size = terminal.size
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
            if let session {
                session.launch(request)
            } else {
                dispatch(.trainingFailedToStart("no model loaded"))
            }
        case let .openRun(path):
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
            if let session {
                session.probe(request, settings: state.settings, jobs: jobs)
            } else {
                dispatch(.probeFailed("no model loaded"))
            }
        case let .checkData(source, settings):
            jobs.run { .dataChecked(DataChoice.check(source), startingRun: settings) }
        case let .loadTheme(name):
            do {
                terminal.setTheme(try ThemeFile.load(name))
                dispatch(.themeLoaded(name))
            } catch {
                dispatch(.notify(StatusMessage("Theme \(error)", kind: .error)))
            }
        case .quit:
            break
        case .pauseTraining, .resumeTraining, .stopTraining, .evaluateNow, .saveNow:
            session?.perform(effect)
        }
    }
}
