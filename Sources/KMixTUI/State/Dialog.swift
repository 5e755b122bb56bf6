import Foundation

/// A modal dialog: a title, explanatory lines, fields to edit, and an error from the last submit.
public struct Dialog: Sendable, Equatable {
    /// What submitting the dialog does.
    public enum Kind: Sendable, Equatable {
        case savePlan, loadPlan, target, preset, startTraining, openRun, export, autoAllocate
        /// Yes/no questions.
        case confirmStop, confirmQuit
        /// Replace the existing file at `path` with the plan.
        case confirmOverwrite(path: String)
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
        case .confirmOverwrite:
            return [KeyHint(text: "y overwrite", optional: false), KeyHint(text: "n/Esc keep the file", optional: false)]
        default:
            let completing = fields.indices.contains(focus) && fields[focus].completes != nil
            let tab = completing ? ["Tab complete"] + (fields.count > 1 ? ["↓ next"] : []) : fields.count > 1 ? ["Tab next"] : []
            return [KeyHint(text: "Enter ok", optional: false)] + tab.map { KeyHint(text: $0, optional: true) }
                + [KeyHint(text: "^U clear", optional: true), KeyHint(text: "Esc cancel", optional: false)]
        }
    }

    /// The value of the field `id`, without surrounding spaces ("" when the dialog has no such field).
    public func value(_ id: DialogField.ID) -> String {
        fields.first { $0.id == id }?.value.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// Puts `value` in the field `id`, the cursor at its end.
    mutating func setValue(_ value: String, of id: DialogField.ID) {
        guard let index = fields.firstIndex(where: { $0.id == id }) else { return }
        fields[index].line = LineEditor(value)
        fields[index].completion = nil
    }
}
