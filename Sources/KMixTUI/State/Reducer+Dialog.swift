import Foundation
import KMix

/// Editing and submitting the open dialog.
func reduceDialog(_ state: inout AppState, _ action: Action) -> [Effect] {
    guard case var .dialog(dialog)? = state.overlay else { return [] }
    switch action {
    case let .dialogEdit(.insert(character)) where dialog.isConfirmation:
        if character == "y" || character == "Y" { return confirm(&state, dialog) }
        if character == "n" || character == "N" { state.overlay = nil }
        return []
    case let .dialogEdit(edit):
        guard !dialog.isConfirmation else { return [] }
        if dialog.fields[dialog.focus].line.apply(edit) { dialog.error = nil }
        dialog.fields[dialog.focus].completion = nil
    case .dialogTab:
        guard !dialog.fields.isEmpty else { return [] }
        if !complete(&dialog.fields[dialog.focus], in: state) { dialog.focus = (dialog.focus + 1) % dialog.fields.count }
    case .dialogNextField:
        if !dialog.fields.isEmpty { dialog.focus = (dialog.focus + 1) % dialog.fields.count }
    case .dialogPreviousField:
        if !dialog.fields.isEmpty { dialog.focus = (dialog.focus + dialog.fields.count - 1) % dialog.fields.count }
    case .dialogCancel:
        state.overlay = nil
        return []
    case .dialogSubmit:
        return submit(&state, dialog)
    default:
        return []
    }
    if dialog.kind == .export {
        dialog.lines = Dialog.exportLines(run: state.training.runFolder ?? "", format: ExportFormat(rawValue: dialog.value(.format)))
    }
    state.overlay = .dialog(dialog)
    return []
}

private func confirm(_ state: inout AppState, _ dialog: Dialog) -> [Effect] {
    state.overlay = nil
    switch dialog.kind {
    case .confirmStop:
        state.training.isStopping = true
        state.message = StatusMessage(state.training.status == .preparing ? "Cancelling the run…" : "Stopping after this step…")
        return [.stopTraining]
    case let .confirmOverwrite(path):
        state.ownedPlanFile = path
        return reduce(&state, .savePlan(path: path))
    case .confirmQuit:
        state.shouldQuit = true
        if state.training.status.isActive && state.training.status != .preparing {
            // What the last frame shows while the app waits for the run to stop (a loading run is just cancelled).
            state.message = StatusMessage("Stopping training: evaluating and saving the adapters before quitting…")
        }
        return [.stopTraining, .quit]
    default:
        return []
    }
}

private func submit(_ state: inout AppState, _ dialog: Dialog) -> [Effect] {
    if dialog.isConfirmation { return confirm(&state, dialog) }
    var dialog = dialog
    func refuse(_ reason: String) -> [Effect] {
        dialog.error = reason
        state.overlay = .dialog(dialog)
        return []
    }
    switch dialog.kind {
    case .savePlan, .loadPlan:
        let path = dialog.value(.path)
        if path.isEmpty { return refuse("Give a path.") }
        state.overlay = nil
        return reduce(&state, dialog.kind == .savePlan ? .savePlan(path: path) : .openPlan(path: path))
    case .target:
        let text = dialog.value(.target).replacingOccurrences(of: ",", with: "")
        if text.isEmpty {
            state.target = nil
        } else if let value = Int(text), value > 0 {
            state.target = value
        } else {
            return refuse("The target is a positive whole number.")
        }
        state.overlay = nil
    case .preset:
        guard let preset = AdapterPlan.Preset(name: dialog.value(.preset)) else {
            let name = dialog.value(.preset)
            let list = "; try " + AdapterPlan.Preset.names.joined(separator: ", ") + "."
            return refuse("Unknown preset '\(name)'" + (AdapterPlan.Preset.suggestion(for: name) ?? list))
        }
        state.overlay = nil
        reduceBudget(&state, .applyPreset(preset))
    case .startTraining:
        switch TrainingSettings.parse(dialog) {
        case let .failure(reason):
            return refuse(reason.message)
        case let .success(settings):
            let source: DataSource
            do throws(CommandError) {
                source = try DataChoice.source(try CommandParser.words(dialog.value(.data)),
                                               in: state.workingDirectory)
            } catch {
                return refuse(error.message)
            }
            if source == state.data.source && state.data.isFound { return beginTraining(&state, settings) }
            state.settings = settings
            state.overlay = nil
            return [.checkData(source, startingRun: settings)]
        }
    case .openRun:
        let path = dialog.value(.runFolder)
        if path.isEmpty { return refuse("Give a run folder.") }
        state.overlay = nil
        return reduce(&state, .openRun(path: path))
    case .export:
        guard let format = ExportFormat(rawValue: dialog.value(.format)) else {
            return refuse("The format is one of \(ExportFormat.names).")
        }
        let output = dialog.value(.output)
        state.overlay = nil
        return reduce(&state, .exportRun(format, output: output.isEmpty ? nil : output))
    case .autoAllocate:
        switch AllocationSettings.parse(dialog, headSize: state.shape.headSize) {
        case let .failure(reason): return refuse(reason.message)
        case let .success(settings): return reduce(&state, .autoAllocate(settings))
        }
    case .confirmStop, .confirmQuit, .confirmOverwrite:
        break
    }
    return []
}

/// Why a dialog's values were refused (or, found once the run's data is read, why the run cannot start).
struct DialogRefusal: Error, CustomStringConvertible {
    let message: String

    var description: String { message }
}

extension TrainingSettings {
    /// Settings from the start-training dialog, or the first value that does not parse (named by its label).
    static func parse(_ dialog: Dialog) -> Result<TrainingSettings, DialogRefusal> {
        func optionalCount(_ id: DialogField.ID) -> Result<Int?, DialogRefusal> {
            let text = dialog.value(id)
            if text.isEmpty { return .success(nil) }
            guard let value = Int(text), value > 0 else {
                return .failure(DialogRefusal(message: "\(id.label) must be a positive whole number or empty."))
            }
            return .success(value)
        }
        func count(_ id: DialogField.ID) -> Result<Int, DialogRefusal> {
            guard let value = Int(dialog.value(id)), value > 0 else {
                return .failure(DialogRefusal(message: "\(id.label) must be a positive whole number."))
            }
            return .success(value)
        }
        func reallocation(_ text: String) -> Result<Reallocation?, DialogRefusal> {
            if text.isEmpty { return .success(nil) }
            do throws(ReallocationSyntaxError) {
                return .success(try Reallocation(parsing: text))
            } catch {
                return .failure(DialogRefusal(message: error.message(subject: DialogField.ID.reallocate.label) + "."))
            }
        }
        return Result {
            let rate = Float(dialog.value(.learningRate))
            guard let rate, rate > 0, rate.isFinite else {
                throw DialogRefusal(message: "\(DialogField.ID.learningRate.label) must be a positive number.")
            }
            return TrainingSettings(maxSteps: try optionalCount(.maxSteps).get(), epochs: try optionalCount(.epochs).get(),
                                    batchSize: try count(.batchSize).get(), learningRate: rate,
                                    maxTrainRows: try optionalCount(.maxTrainRows).get(),
                                    evaluateEvery: try optionalCount(.evaluateEvery).get(),
                                    reallocation: try reallocation(dialog.value(.reallocate)).get())
        }.mapError { $0 as? DialogRefusal ?? DialogRefusal(message: "\($0)") }
    }
}

/// One Tab in `field`: completes its text as the arguments of its command (see `CommandCompletion`); false when
/// the field does not complete or nothing completes, so that Tab moves on.
private func complete(_ field: inout DialogField, in state: AppState) -> Bool {
    guard let command = field.completes else { return false }
    let head = command + " "
    let prompt = field.completion ?? CommandPrompt(line: LineEditor(head + field.line.text, cursor: head.count + field.line.cursor))
    let completed = CommandCompletion.complete(prompt, in: state, directory: state.workingDirectory ?? FileManager.default.currentDirectoryPath)
    guard completed != prompt else { return false }
    field.line = LineEditor(String(completed.text.dropFirst(head.count)), cursor: completed.line.cursor - head.count)
    field.completion = completed.candidates.isEmpty ? nil : completed
    return true
}
