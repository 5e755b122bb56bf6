import Foundation
import KMix

/// Training controls and trainer events.
func reduceTraining(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .requestTraining:
        if state.training.status.isActive {
            state.message = StatusMessage("A run is already in progress", kind: .error)
        } else if state.allocation.isRunning {
            state.message = StatusMessage("Train after auto-allocate: it is using the model", kind: .error)
        } else if !state.data.isFound {
            state.message = StatusMessage("Cannot train yet: \(state.dataDescription)", kind: .error)
        } else {
            state.overlay = .dialog(Dialog.make(.startTraining, for: state))
        }
    case .togglePause:
        switch state.training.status {
        case .running: return [.pauseTraining]
        case .paused: return [.resumeTraining]
        default: state.message = StatusMessage("No run to pause", kind: .error)
        }
    case .requestStop:
        if state.training.status.isActive {
            state.overlay = .dialog(Dialog.make(.confirmStop, for: state))
        } else {
            state.message = StatusMessage("No run to stop", kind: .error)
        }
    case .evaluateNow, .saveNow:
        guard state.training.status == .running || state.training.status == .paused else {
            state.message = StatusMessage("No run in progress", kind: .error)
            return []
        }
        let when = state.training.status == .paused ? "now (still paused)" : "after this step"
        if case .evaluateNow = action, state.training.devExamples == 0 {
            state.message = StatusMessage("This run has no dev set to evaluate on", kind: .error)
            return []
        }
        if case .evaluateNow = action {
            state.message = StatusMessage("Evaluating \(when)…")
            return [.evaluateNow]
        }
        state.message = StatusMessage("Saving \(when)…")
        return [.saveNow]
    case let .trainingPreparing(folder):
        state.training.status = .preparing
        state.training.runFolder = Format.relativePath(folder, to: state.workingDirectory)
    case let .trainingFailedToStart(reason):
        state.training.status = .failed(reason)
        state.message = StatusMessage("Training could not start: \(reason)", kind: .error)
    case .trainingCancelled:
        guard state.training.status == .preparing else { return [] }
        state.training.status = .idle
        state.training.runFolder = nil
        state.message = StatusMessage("Training cancelled before its first step; nothing was written")
    case let .trainingMissed(count):
        state.training.missedEvents += count
    case let .trainingEvent(event):
        apply(event, to: &state)
        if case .started = event { reaskQuestion(&state) }
        if case .finished = event, state.runs.listing != nil, !state.runs.isReading {
            state.runs.isReading = true
            return [.readRuns(folder: state.runs.folder)]
        }
    default:
        break
    }
    return []
}

/// A stop or quit question asked while the run was preparing now describes the started run.
private func reaskQuestion(_ state: inout AppState) {
    guard case let .dialog(dialog)? = state.overlay, dialog.isConfirmation else { return }
    state.overlay = .dialog(Dialog.make(dialog.kind, for: state))
}

private func apply(_ event: TrainingEvent, to state: inout AppState) {
    var training = state.training
    switch event {
    case let .started(start):
        training.status = .running
        training.totalSteps = start.totalSteps
        training.labels = start.labelNames
        training.devExamples = start.devExamples
        state.message = StatusMessage(startMessage(start, labels: training.labelSummary()))
    case let .step(report):
        training.status = training.status == .paused ? .paused : .running
        training.step = report.step
        training.totalSteps = report.totalSteps
        training.epoch = report.epoch
        training.learningRate = report.learningRate
        training.tokensPerSecond = report.tokensPerSecond
        training.peakResidentMiB = report.peakResidentMiB
        training.elapsed = report.elapsed
        training.loss.append(CurvePoint(x: Double(report.step), y: Double(report.loss)))
    case let .evaluation(report):
        training.accuracy.append(CurvePoint(x: Double(report.step), y: report.accuracy))
        if let perplexity = report.perplexity {
            training.perplexity.append(CurvePoint(x: Double(report.step), y: perplexity))
            state.message = StatusMessage(String(format: "Dev perplexity %.3f (loss %.4f) at step %d", perplexity,
                                                 report.loss, report.step))
        } else {
            state.message = StatusMessage(String(format: "Dev accuracy %.2f %% at step %d", 100 * report.accuracy,
                                                 report.step))
        }
    case let .samples(report):
        training.samples = report
    case let .headNorms(norms):
        let total = norms.total
        training.norms = total
        training.normHistory.append(total)
        if training.normHistory.count > TrainingState.normHistoryLimit { training.normHistory.removeFirst() }
    case let .saved(_, path, checkpoint):
        let path = Format.relativePath(path, to: state.workingDirectory)
        let checkpoint = checkpoint.map { Format.relativePath($0, to: state.workingDirectory) }
        training.lastSaved = path
        state.message = StatusMessage("Saved adapters to \(path)" + (checkpoint.map { " and checkpoint \($0)" } ?? ""))
    case let .reallocated(report):
        training.reallocation = report
        state.runPlanHidden = false
        state.message = StatusMessage("Ranks reallocated after step \(report.step): \(report.movedRanks) moved between heads; "
                                      + ":take puts the run's plan in the editor")
    case .paused:
        training.status = .paused
    case .resumed:
        training.status = .running
    case let .finished(summary):
        training.status = .finished(stopped: summary.stopped)
        training.elapsed = summary.seconds
        if training.isGeneration {
            state.message = StatusMessage(generationEnd(summary, run: training.runFolder))
        } else if let finding = summary.finalEvaluation?.majorityFinding(labelNames: training.labels) {
            state.message = StatusMessage("Training \(summary.stopped ? "stopped" : "finished") after \(summary.steps) steps, but "
                                          + finding + "; " + retryAdvice(state.keyMap), kind: .error)
        } else {
            state.message = StatusMessage(event.description)
        }
    case let .failed(_, reason):
        training.status = .failed(reason)
        state.message = StatusMessage("Training failed: \(reason)", kind: .error)
    }
    state.training = training
}

/// What to change in the start-training dialog (opened by `keyMap`'s train key) after a run that learnt only the
/// majority label, naming its fields.
private func retryAdvice(_ keyMap: KeyMap) -> String {
    "try a higher \(DialogField.ID.learningRate.label), more \(DialogField.ID.epochs.label) or more "
        + "\(DialogField.ID.maxTrainRows.label) (\(keyMap.keyLabel(.train)))"
}

/// How a generation run ended: its steps, its final dev perplexity, and the command that scores what it writes
/// (BLEU and the other E2E scores need the evaluation set decoded, which `kmix eval` does).
private func generationEnd(_ summary: TrainingSummary, run: String?) -> String {
    let perplexity = summary.finalEvaluation?.perplexity.map { ": dev perplexity " + Format.perplexity($0) } ?? ""
    return "\(summary.stopped ? "Stopped" : "Finished") after \(summary.steps) steps\(perplexity) · scores: "
        + "kmix eval --run \(run ?? "RUN")"
}

/// What a started run trains: its steps, epochs and examples, and its label set.
private func startMessage(_ start: TrainingStart, labels: String?) -> String {
    let epochs = start.epochs == 1 ? "1 epoch" : "\(start.epochs) epochs"
    return "Training \(start.totalSteps) steps (\(epochs) of \(Format.count(start.examples)) examples)"
        + (labels.map { " · " + $0 } ?? "")
}
