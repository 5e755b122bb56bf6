import KMix

/// Everything the UI shows. Built at start-up; from then on it changes only through `reduce(_:_:)`.
public struct AppState: Sendable {
    /// Overlays drawn above the current screen.
    public enum Overlay: Sendable, Equatable {
        /// The key and command reference; `page` counts on from the first page and wraps when drawn.
        case help(page: Int)
        case dialog(Dialog)
    }

    /// The model's name, for the title bar.
    public var modelName: String
    /// The base model's parameter count.
    public var modelParameters: Int
    /// The plan being edited.
    public var plan: AdapterPlan
    /// Earlier plans, newest last.
    public var undoStack: [AdapterPlan] = []
    /// Plans undone, newest last.
    public var redoStack: [AdapterPlan] = []
    public var cursor = HeadPosition(layer: 0, head: 0)
    /// The projection `+`, `-` and typed numbers change.
    public var projection: Projection = .query
    public var metric: HeadMetric = .rank
    /// The budget the user aims for.
    public var target: Int?
    public var screen: Screen = .heads
    public var overlay: Overlay?
    /// Digits typed so far for a rank.
    public var entry: String?
    /// The `:` command line, while it is open.
    public var commandLine: CommandPrompt?
    /// Command lines run in this session, oldest first (at most `commandHistoryLimit`).
    public var commandHistory: [String] = []
    public var message: StatusMessage?
    public var training = TrainingState()
    /// The head probe's progress and latest statistics.
    public var probe = ProbeState()
    /// Auto-allocate's progress and the plan it proposes.
    public var allocation = AllocationState()
    /// The runs screen's folder, runs, cursor and selection.
    public var runs = RunsState()
    public var settings = TrainingSettings()
    /// The task data training and the probe use.
    public var data: DataChoice
    /// The theme in use.
    public var themeName = Theme.fallback.name
    /// The themes `cycleTheme` steps through: the built-in ones, then user themes.
    public var themeNames = ThemeFile.builtInNames
    /// How many recent steps the training charts show (nil: all).
    public var chartWindow: Int?
    /// Whether the heads screen shows the editable plan although a reallocating run's plan could be shown
    /// (`runPlan`): set by an edit of the plan, cleared by the run's next reallocation.
    public var runPlanHidden = false
    /// The plan as last saved, opened or started from: quitting asks first when `plan` differs from it.
    public var savedPlan: AdapterPlan
    /// Whether the plan has changes that are not saved.
    public var hasUnsavedPlan: Bool { plan != savedPlan }
    /// The path the save and open dialogs start with.
    public var planPath = "plan.json"
    /// The plan file this session opened, saved or was told to overwrite: saving there again does not ask.
    public var ownedPlanFile: String?
    /// Whether the model is a decoder (GPT-2), which can also be trained to write text (`:data e2e`).
    public var modelIsDecoder = false
    /// The model folder, for reading runs' adapters (nil: the folder each run names).
    public var modelPath: String?
    /// The process's working directory: paths inside it are kept and shown relative to it (nil: as given).
    public var workingDirectory: String?
    /// The keys in use, after `[keys]` overrides: they turn key presses into actions, and every hint, message and
    /// help line that names a key names one of these.
    public var keyMap = KeyMap.standard
    /// Set when the app should exit.
    public var shouldQuit = false

    /// How many command lines `commandHistory` keeps.
    public static let commandHistoryLimit = 100

    /// The state at start-up.
    public init(modelName: String, modelParameters: Int, plan: AdapterPlan, data: DataChoice) {
        self.modelName = modelName
        self.modelParameters = modelParameters
        self.plan = plan
        savedPlan = plan
        self.data = data
    }

    /// Where the task data is, or what is missing and how to give it.
    public var dataDescription: String { data.description(relativeTo: workingDirectory) }

    /// The model's sizes.
    public var shape: AdapterPlan.ModelShape { plan.shape }

    /// The selected head's ranks.
    public func rank(_ projection: Projection, at position: HeadPosition) -> Int {
        plan.layers[position.layer].ranks(projection)[position.head]
    }

    /// The adapter parameters of the plan.
    public var trainableParameters: Int { plan.adapterParameters.total }

    /// The heat-map values for `metric`, layers × heads.
    public func metricValues(_ metric: HeadMetric) -> [[Double]] {
        let shape = plan.shape
        let zeros = Array(repeating: Array(repeating: 0.0, count: shape.headCount), count: shape.layerCount)
        switch metric {
        case .rank:
            return shownPlan.layers.map { $0.ranks(projection).map(Double.init) }
        case .parameters:
            let shown = shownPlan
            return (0..<shape.layerCount).map { layer in
                (0..<shape.headCount).map { Double(shown.headParameters(layer: layer, head: $0).total) }
            }
        case .norm:
            return training.norms?.map { $0.map(Double.init) } ?? zeros
        case .entropy:
            return probe.statistics?.entropy.map { $0.map(Double.init) } ?? zeros
        case .distance:
            return probe.statistics?.distance.map { $0.map(Double.init) } ?? zeros
        case .importance:
            return probe.statistics?.layerNormalizedImportance.map { $0.map(Double.init) } ?? zeros
        }
    }
}
