/// Where a key binding applies.
public enum KeyContext: String, Sendable, CaseIterable {
    /// Every screen.
    case global
    /// The heads screen.
    case heads
    /// The training screen.
    case training
    /// The runs screen.
    case runs

    /// The help overlay's section title.
    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .heads: return "Heads"
        case .training: return "Training"
        case .runs: return "Runs"
        }
    }
}

/// One row of the key map: a key, what it does, the action's name in `config.toml`, and how help and the status
/// bar describe it.
///
/// Bindings of one context with the same description share a help row, whose keys are generated from theirs
/// (see `KeyMap.helpRows(for:)`), so help shows the keys that work after `[keys]` overrides.
public struct KeyBinding: Sendable {
    public let key: Key
    public let context: KeyContext
    public let action: Action
    /// The action's name in `[keys]` (nil: the key cannot be rebound, as the digits that type a rank); bindings of
    /// one action share it.
    public let name: ActionName?
    /// The help overlay's description; bindings with the same description share a row.
    public let description: String
    /// A one-word status-bar hint (nil: not shown in the status bar).
    public let hint: String?
    /// Whether help shows the key (false for aliases such as Ctrl-C and `=`, and for bindings only hinted).
    public let listed: Bool

    /// A binding of `key` to `action` (called `name` in `[keys]`) in `context`, described in help by `description`.
    public init(_ key: Key, _ context: KeyContext, _ action: Action, _ description: String, name: ActionName?,
                hint: String? = nil, listed: Bool = true) {
        self.key = key
        self.context = context
        self.action = action
        self.name = name
        self.description = description
        self.hint = hint
        self.listed = listed
    }

    /// The same binding on `key`.
    func rebound(to key: Key) -> KeyBinding {
        KeyBinding(key, context, action, description, name: name, hint: hint, listed: listed)
    }
}

/// The table that turns keys into actions; it also generates the help overlay and the status-bar hints.
public struct KeyMap: Sendable {
    public let bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The action for `key` in `state`, if any: dialogs, help, the command line and a rank being typed take keys
    /// first.
    public func action(for key: Key, in state: AppState) -> Action? {
        switch state.overlay {
        case let .dialog(dialog)?:
            return Self.dialogAction(for: key, confirmation: dialog.isConfirmation)
        case .help?:
            return Self.helpAction(for: key)
        case nil:
            break
        }
        if state.commandLine != nil { return Self.commandLineAction(for: key) }
        if state.entry != nil, let action = Self.entryAction(for: key) { return action }
        if state.screen == .heads, state.allocation.proposal != nil, let action = Self.proposalAction(for: key) { return action }
        let context = state.screen.keyContext
        return bindings.first { $0.key == key && $0.context == context }?.action
            ?? bindings.first { $0.key == key && $0.context == .global }?.action
    }

    /// The key that shows `screen` from anywhere (a global binding, else a listed one), for the title bar's tabs.
    public func screenKey(_ screen: Screen) -> Key? {
        let showing = bindings.filter { binding in
            if case let .showScreen(shown) = binding.action { return shown == screen }
            return false
        }
        return (showing.first { $0.context == .global } ?? showing.first { $0.listed })?.key
    }

    /// How hints and messages name the key of the action `name`: its first binding's key ("t" for `train`), the
    /// one help lists first; the action's name if nothing binds it.
    public func keyLabel(_ name: ActionName) -> String {
        bindings.first { $0.name == name }?.key.label ?? name.rawValue
    }

    /// The bindings of `context` that have status-bar hints.
    public func hints(for context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.hint != nil && ($0.context == context || $0.context == .global) }
    }

    private static func dialogAction(for key: Key, confirmation: Bool) -> Action? {
        switch key {
        case .enter: return .dialogSubmit
        case .escape: return .dialogCancel
        case .tab: return .dialogTab
        case .down: return .dialogNextField
        case .backTab, .up: return .dialogPreviousField
        default: return LineEditor.Edit(key: key).map(Action.dialogEdit)
        }
    }

    /// Tab and Shift-Tab turn the help's pages; any other key closes it.
    private static func helpAction(for key: Key) -> Action? {
        switch key {
        case .resize: return nil
        case .tab: return .helpPage(1)
        case .backTab: return .helpPage(-1)
        default: return .closeOverlay
        }
    }

    /// The command line takes every character and the line-editing keys; Ctrl-C, like Esc, closes it.
    private static func commandLineAction(for key: Key) -> Action? {
        switch key {
        case .enter: return .commandSubmit
        case .escape, .control("c"): return .commandCancel
        case .tab: return .commandComplete
        case .up: return .commandHistory(-1)
        case .down: return .commandHistory(1)
        default: return LineEditor.Edit(key: key).map(Action.commandEdit)
        }
    }

    /// Enter applies the proposed plan on the heads screen, Esc discards it.
    private static func proposalAction(for key: Key) -> Action? {
        switch key {
        case .enter: return .applyProposal
        case .escape: return .discardProposal
        default: return nil
        }
    }

    private static func entryAction(for key: Key) -> Action? {
        switch key {
        case let .character(c) where c.isASCII && c.isNumber: return .entryDigit(c)
        case .enter: return .entrySubmit
        case .escape: return .entryCancel
        case .backspace: return .entryBackspace
        default: return nil
        }
    }
}

extension KeyMap {
    /// The default key map.
    public static let standard = KeyMap(bindings: globalBindings + headsBindings + trainingBindings + runsBindings)

    private static let globalBindings: [KeyBinding] = [
        KeyBinding(.character("q"), .global, .requestQuit, "quit (asks if training)", name: .quit, hint: "quit"),
        KeyBinding(.control("c"), .global, .requestQuit, "quit (asks if training)", name: .quit, listed: false),
        KeyBinding(.character("?"), .global, .openHelp, "this help", name: .help, hint: "help"),
        KeyBinding(.character(":"), .global, .openCommandLine, "command line", name: .command, hint: "cmd"),
        KeyBinding(.function(1), .global, .showScreen(.heads), "heads / training / runs", name: .headsScreen),
        KeyBinding(.function(2), .global, .showScreen(.training), "heads / training / runs", name: .trainingScreen),
        KeyBinding(.function(3), .global, .showScreen(.runs), "heads / training / runs", name: .runsScreen),
        KeyBinding(.character("1"), .training, .showScreen(.heads), "heads / training / runs", name: .headsScreen, listed: false),
        KeyBinding(.character("2"), .training, .showScreen(.training), "heads / training / runs", name: .trainingScreen, listed: false),
        KeyBinding(.character("3"), .training, .showScreen(.runs), "heads / training / runs", name: .runsScreen, listed: false),
        KeyBinding(.character("`"), .global, .toggleScreen, "switch screen", name: .switchScreen, hint: "screen"),
        KeyBinding(.character("t"), .global, .requestTraining, "train the current plan", name: .train, hint: "train"),
        KeyBinding(.character(" "), .global, .togglePause, "pause or resume training", name: .pause),
        KeyBinding(.character("x"), .global, .requestStop, "stop training (asks)", name: .stop),
        KeyBinding(.character("e"), .global, .evaluateNow, "evaluate on dev now", name: .evaluate),
        KeyBinding(.character("w"), .global, .saveNow, "write the adapters now", name: .saveAdapters),
        KeyBinding(.character("R"), .global, .requestOpenRun, "open a run folder", name: .openRun),
        KeyBinding(.character("E"), .global, .requestExport, "export the run", name: .export),
        KeyBinding(.character("m"), .global, .cycleMetric, "heat-map metric (cycle)", name: .metric, hint: "metric"),
        KeyBinding(.character("P"), .global, .requestProbe, "probe heads (statistics)", name: .probe),
        KeyBinding(.character("c"), .global, .cycleTheme, "next colour theme", name: .theme),
        KeyBinding(.character("<"), .global, .narrowChartWindow, "fewer / more chart steps", name: .narrowWindow),
        KeyBinding(.character(">"), .global, .widenChartWindow, "fewer / more chart steps", name: .widenWindow),
    ] + moveBindings

    /// Arrows then letters, each in h-j-k-l order, so that help reads "←↓↑→ hjkl".
    private static let moveBindings: [KeyBinding] = [
        KeyBinding(.left, .global, .move(layers: 0, heads: -1), "move the selected head", name: .left),
        KeyBinding(.down, .global, .move(layers: 1, heads: 0), "move the selected head", name: .down),
        KeyBinding(.up, .global, .move(layers: -1, heads: 0), "move the selected head", name: .up),
        KeyBinding(.right, .global, .move(layers: 0, heads: 1), "move the selected head", name: .right),
        KeyBinding(.character("h"), .global, .move(layers: 0, heads: -1), "move the selected head", name: .left),
        KeyBinding(.character("j"), .global, .move(layers: 1, heads: 0), "move the selected head", name: .down),
        KeyBinding(.character("k"), .global, .move(layers: -1, heads: 0), "move the selected head", name: .up),
        KeyBinding(.character("l"), .global, .move(layers: 0, heads: 1), "move the selected head", name: .right),
        KeyBinding(.pageUp, .global, .move(layers: -1_000, heads: 0), "first / last layer", name: .firstLayer),
        KeyBinding(.pageDown, .global, .move(layers: 1_000, heads: 0), "first / last layer", name: .lastLayer),
        KeyBinding(.home, .global, .move(layers: 0, heads: -1_000), "first / last head", name: .firstHead),
        KeyBinding(.end, .global, .move(layers: 0, heads: 1_000), "first / last head", name: .lastHead),
    ]

    private static let headsBindings: [KeyBinding] = [
        KeyBinding(.character("+"), .heads, .changeRank(1), "raise / lower head rank", name: .rankUp, hint: "rank"),
        KeyBinding(.character("="), .heads, .changeRank(1), "raise / lower head rank", name: .rankUp, listed: false),
        KeyBinding(.character("-"), .heads, .changeRank(-1), "raise / lower head rank", name: .rankDown),
        KeyBinding(.tab, .heads, .cycleProjection, "next projection Q/V/O", name: .projection, hint: "proj"),
        KeyBinding(.character("Q"), .heads, .selectProjection(.query), "edit Q ranks", name: .editQ),
        KeyBinding(.character("V"), .heads, .selectProjection(.value), "edit V ranks", name: .editV),
        KeyBinding(.character("O"), .heads, .selectProjection(.output), "edit O ranks", name: .editO),
        KeyBinding(.character("L"), .heads, .applyToLayer, "rank to the whole layer", name: .applyLayer),
        KeyBinding(.character("H"), .heads, .applyToHeadIndex, "same head, every layer", name: .applyHead),
        KeyBinding(.character("A"), .heads, .applyToAll, "rank to every head", name: .applyAll),
        KeyBinding(.character("]"), .heads, .changeSharedRank(1), "shared rank of the layer", name: .sharedUp),
        KeyBinding(.character("["), .heads, .changeSharedRank(-1), "shared rank of the layer", name: .sharedDown),
        KeyBinding(.character("p"), .heads, .openDialog(.preset), "apply a preset", name: .preset, hint: "preset"),
        KeyBinding(.character("T"), .heads, .openDialog(.target), "set the target budget", name: .target),
        KeyBinding(.character("a"), .heads, .requestAutoAllocate, "auto-allocate ranks", name: .autoAllocate, hint: "auto"),
        KeyBinding(.character("u"), .heads, .undo, "undo", name: .undo, hint: "undo"),
        KeyBinding(.control("r"), .heads, .redo, "redo", name: .redo),
        KeyBinding(.character("s"), .heads, .openDialog(.savePlan), "save the plan", name: .savePlan, hint: "save"),
        KeyBinding(.character("o"), .heads, .openDialog(.loadPlan), "open a plan", name: .openPlan),
    ] + (0...9).map { digit in
        KeyBinding(.character(Character(String(digit))), .heads, .entryDigit(Character(String(digit))),
                   "type a rank, then Enter", name: nil)
    }

    /// The training screen's hints; help lists these keys under Everywhere.
    private static let trainingBindings: [KeyBinding] = [
        KeyBinding(.character(" "), .training, .togglePause, "pause or resume", name: .pause, hint: "pause", listed: false),
        KeyBinding(.character("x"), .training, .requestStop, "stop", name: .stop, hint: "stop", listed: false),
        KeyBinding(.character("e"), .training, .evaluateNow, "evaluate", name: .evaluate, hint: "eval", listed: false),
        KeyBinding(.character("w"), .training, .saveNow, "save", name: .saveAdapters, hint: "save", listed: false),
    ]
}
