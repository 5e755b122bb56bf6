/// An editable line in a dialog.
public struct DialogField: Sendable, Equatable {
    /// Which value a field holds: submitting looks values up by it, so a label can change without breaking parsing.
    public enum ID: Sendable, Equatable, CaseIterable {
        case path, target, preset
        /// The start-training dialog's task data (`:data`'s arguments).
        case data
        case maxSteps, epochs, batchSize, learningRate, maxTrainRows, evaluateEvery
        /// The start-training dialog's reallocation (`every=N,until=M[,min=R][,max=R]`, empty: none).
        case reallocate
        case runFolder
        case format, output
        /// The auto-allocate dialog's settings.
        case budget, signal, projections, minRank, maxRank

        /// The field's label, as the dialog shows it and as messages about the field name it.
        public var label: String {
            switch self {
            case .path: return "Path"
            case .target: return "Target"
            case .preset: return "Preset"
            case .data: return "Data"
            case .maxSteps: return "Max steps"
            case .epochs: return "Epochs"
            case .batchSize: return "Batch size"
            case .learningRate: return "Learning rate"
            case .maxTrainRows: return "Max train rows"
            case .evaluateEvery: return "Evaluate every"
            case .reallocate: return "Reallocate"
            case .runFolder: return "Run folder"
            case .format: return "Format"
            case .output: return "Output"
            case .budget: return "Budget"
            case .signal: return "Signal"
            case .projections: return "Projections"
            case .minRank: return "Min rank"
            case .maxRank: return "Max rank"
            }
        }
    }

    /// Which value the field holds.
    public let id: ID
    /// The text and its cursor.
    public var line: LineEditor
    /// The `:` command whose arguments the field holds: Tab completes them as on the command line (nil: Tab moves
    /// to the next field).
    public var completes: String?
    /// The Tab cycle of a completing field: the field's text after the command's name, and its candidates.
    var completion: CommandPrompt?

    /// The field `id` holding `value`, the cursor at its end; Tab completes it as the arguments of the command
    /// `completes` when given.
    public init(_ id: ID, _ value: String, completes: String? = nil) {
        self.id = id
        line = LineEditor(value)
        self.completes = completes
    }

    /// The label the dialog shows beside the field.
    public var label: String { id.label }

    /// The field's text.
    public var value: String { line.text }
}
