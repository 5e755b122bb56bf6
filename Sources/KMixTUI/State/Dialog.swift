import Foundation
import KMix

/// An editable line in a dialog.
public struct DialogField: Sendable, Equatable {
    public var label: String
    /// The text and its cursor.
    public var line: LineEditor
    /// The `:` command whose arguments the field holds: Tab completes them as on the command line (nil: Tab moves
    /// to the next field).
    public var completes: String?
    /// The Tab cycle of a completing field: the field's text after the command's name, and its candidates.
    var completion: CommandPrompt?

    /// A field called `label` holding `value`, the cursor at its end; Tab completes it as the arguments of the
    /// command `completes` when given.
    public init(_ label: String, _ value: String, completes: String? = nil) {
        self.label = label
        line = LineEditor(value)
        self.completes = completes
    }

    /// The field's text.
    public var value: String { line.text }
}

/// A modal dialog: a title, explanatory lines, fields to edit, and an error from the last submit.
public struct Dialog: Sendable, Equatable {
    /// What submitting the dialog does.
    public enum Kind: Sendable, Equatable {
        case savePlan, loadPlan, target, preset, startTraining, openRun, export
        /// Yes/no questions.
        case confirmStop, confirmQuit
    }

    public var kind: Kind
    public var title: String
    public var lines: [String]
    public var fields: [DialogField]
    /// The field being edited.
    public var focus = 0
    /// Why the last submit was refused.
    public var error: String?

    public init(kind: Kind, title: String, lines: [String] = [], fields: [DialogField] = []) {
        self.kind = kind
        self.title = title
        self.lines = lines
        self.fields = fields
    }

    /// Whether the dialog is a yes/no question.
    public var isConfirmation: Bool { fields.isEmpty }

    /// A key and what it does, for the dialog's bottom border.
    public struct KeyHint: Sendable, Equatable {
        /// The key and its effect: "Enter ok".
        public let text: String
        /// Whether a narrow box may leave it out.
        public let optional: Bool
    }

    /// The keys the dialog takes, in the order the border shows them: y and n for a question; else Enter, Tab
    /// (completing, or moving on with two fields or more), Ctrl-U and Esc, of which Tab and Ctrl-U may be left out.
    public var keyHints: [KeyHint] {
        switch kind {
        case .confirmStop: return [KeyHint(text: "y stop", optional: false), KeyHint(text: "n/Esc keep training", optional: false)]
        case .confirmQuit: return [KeyHint(text: "y quit", optional: false), KeyHint(text: "n/Esc stay", optional: false)]
        default:
            let completing = fields.indices.contains(focus) && fields[focus].completes != nil
            let tab = completing ? ["Tab complete"] + (fields.count > 1 ? ["↓ next"] : []) : fields.count > 1 ? ["Tab next"] : []
            return [KeyHint(text: "Enter ok", optional: false)] + tab.map { KeyHint(text: $0, optional: true) }
                + [KeyHint(text: "^U clear", optional: true), KeyHint(text: "Esc cancel", optional: false)]
        }
    }

    /// The value of the field labelled `label`.
    public func value(_ label: String) -> String {
        fields.first { $0.label == label }?.value.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// Puts `value` in the field labelled `label`, the cursor at its end.
    mutating func setValue(_ value: String, of label: String) {
        guard let index = fields.firstIndex(where: { $0.label == label }) else { return }
        fields[index].line = LineEditor(value)
        fields[index].completion = nil
    }

    /// The start-training dialog's field naming the task data (`:data`'s arguments).
    static let dataField = "Data"
}

extension Dialog {
    /// The dialog of `kind` for `state`.
    public static func make(_ kind: Kind, for state: AppState) -> Dialog {
        switch kind {
        case .savePlan:
            return Dialog(kind: kind, title: "Save plan", lines: ["Write the plan as JSON (docs/plans.md)."],
                          fields: [DialogField("Path", state.planPath)])
        case .loadPlan:
            return Dialog(kind: kind, title: "Open plan", lines: ["Read a plan file made for this model."],
                          fields: [DialogField("Path", state.planPath)])
        case .target:
            return Dialog(kind: kind, title: "Target budget", lines: ["Parameters to aim for (empty: none)."],
                          fields: [DialogField("Target", state.target.map(String.init) ?? "")])
        case .preset:
            return Dialog(kind: kind, title: "Preset", lines: ["paper-nlu, paper-nlg, lora-rN, uniform-N, none"],
                          fields: [DialogField("Preset", "")])
        case .startTraining:
            let s = state.settings
            return Dialog(kind: kind, title: "Start training",
                          lines: ["\(state.data.name) data in \(state.dataDescription)", Dialog.runLengthRule],
                          fields: [DialogField(dataField, state.data.fieldText(relativeTo: state.workingDirectory),
                                               completes: "data"),
                                   DialogField("Max steps", s.maxSteps.map(String.init) ?? ""),
                                   DialogField("Epochs", s.epochs.map(String.init) ?? ""),
                                   DialogField("Batch size", String(s.batchSize)),
                                   DialogField("Learning rate", "\(s.learningRate)"),
                                   DialogField("Max train rows", s.maxTrainRows.map(String.init) ?? ""),
                                   DialogField("Evaluate every", s.evaluateEvery.map(String.init) ?? "")])
        case .openRun:
            return Dialog(kind: kind, title: "Open run", lines: ["A run folder: plan.json, metrics.jsonl, adapters.safetensors."],
                          fields: [DialogField("Run folder", state.training.runFolder ?? "runs/")])
        case .export:
            return Dialog(kind: kind, title: "Export run", lines: exportLines(run: state.training.runFolder ?? "", format: .peft),
                          fields: [DialogField("Format", ExportFormat.peft.rawValue), DialogField("Output", "")])
        case .confirmStop:
            let effect = state.training.status == .preparing ? "The run is still loading its data; stopping cancels it."
                : "The run stops after this step, evaluates and saves."
            return Dialog(kind: kind, title: "Stop training?", lines: [effect])
        case .confirmQuit:
            var lines: [String] = []
            if state.training.status == .preparing {
                lines.append("The run is still loading its data; quitting cancels it.")
            } else if state.training.status.isActive {
                lines.append("Training is running; quitting stops it and saves the adapters.")
            }
            if state.hasUnsavedPlan {
                lines.append("The plan has changes that are not saved; quitting loses them (:save PATH keeps them).")
            }
            return Dialog(kind: kind, title: "Quit?", lines: lines)
        }
    }

    /// How the start-training dialog's Max steps and Epochs set the run's length (as `kmix train`'s `--max-steps`
    /// and `--epochs`: `RunLength`).
    static let runLengthRule = "Empty Epochs: as many as Max steps needs, else 1."

    /// The export dialog's lines for `run`, naming the folder an empty Output means for `format` (nil: the
    /// Format field names none).
    static func exportLines(run: String, format: ExportFormat?) -> [String] {
        let output = ExportRequest.defaultOutput(run: run, suffix: format?.rawValue ?? "FORMAT")
        return ["Run \(run)", "Format: \(ExportFormat.names)", "Output (empty: \(output))"]
    }
}
