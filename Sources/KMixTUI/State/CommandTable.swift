import KMix

extension Command {
    /// Every `:` command, in the order help lists them; each stands for existing reducer actions.
    public static let standard: [Command] = planCommands + trainingCommands + otherCommands

    private static let planCommands: [Command] = [
        Command("rank", arguments: "N", "rank of the head") { arguments, _ throws(CommandError) in
            [.setRank(try count(arguments[0], for: "rank"))]
        },
        Command("shared", arguments: "N", "shared layer rank") { arguments, state throws(CommandError) in
            let current = state.plan.layers[state.cursor.layer].sharedRank(state.projection)
            return [.changeSharedRank(try count(arguments[0], for: "shared") - current)]
        },
        Command("proj", arguments: "Q|V|O", "projection to edit", candidates: { _ in ["q", "v", "o"] }) {
            arguments, _ throws(CommandError) in
            [.selectProjection(try projection(arguments[0]))]
        },
        Command("layer", "rank to the layer") { _, _ in [.applyToLayer] },
        Command("column", "rank to the column") { _, _ in [.applyToHeadIndex] },
        Command("all", "rank to every head") { _, _ in [.applyToAll] },
        Command("preset", arguments: "[NAME]", "apply a preset", candidates: { _ in presetNames }) {
            arguments, _ throws(CommandError) in
            guard let name = arguments.first else { return [.openDialog(.preset)] }
            return [.applyPreset(try preset(name))]
        },
        Command("target", arguments: "[N|none]", "target budget", candidates: { _ in ["none"] }) {
            arguments, _ throws(CommandError) in
            guard let text = arguments.first else { return [.openDialog(.target)] }
            return [.setTarget(try target(text))]
        },
        Command("auto", arguments: "[SIGNAL]", "auto-allocate",
                candidates: { _ in AllocationSignal.allCases.map(\.rawValue) }) { arguments, state throws(CommandError) in
            guard let name = arguments.first else { return [.requestAutoAllocate] }
            guard let signal = AllocationSignal(rawValue: name.lowercased()) else {
                throw CommandError("unknown signal `\(name)`" + AllocationSettings.otherSignals(than: name))
            }
            return [.autoAllocate(AllocationSettings(for: state.plan, signal: signal))]
        },
        Command("take", "take the run plan") { _, _ in [.takeRunPlan] },
        Command("undo", "undo") { _, _ in [.undo] },
        Command("redo", "redo") { _, _ in [.redo] },
        Command("save", arguments: "[PATH]", "save the plan", pathArguments: [0]) { arguments, _ in
            arguments.first.map { [.savePlan(path: $0)] } ?? [.openDialog(.savePlan)]
        },
        Command("open", arguments: "[PATH]", "open a plan", pathArguments: [0]) { arguments, _ in
            arguments.first.map { [.openPlan(path: $0)] } ?? [.openDialog(.loadPlan)]
        },
    ]

    private static let trainingCommands: [Command] = [
        Command("train", "train the plan") { _, _ in [.requestTraining] },
        Command("pause", "pause training") { _, state throws(CommandError) in
            if state.training.status == .paused { throw CommandError("The run is already paused; :resume continues it") }
            return [.togglePause]
        },
        Command("resume", "resume training") { _, state throws(CommandError) in
            guard state.training.status == .paused else { throw CommandError("No paused run to resume") }
            return [.togglePause]
        },
        Command("stop", "stop training") { _, _ in [.requestStop] },
        Command("eval", aliases: ["evaluate"], "evaluate on dev") { _, _ in [.evaluateNow] },
        Command("checkpoint", aliases: ["write", "w"], "save the adapters") { _, _ in [.saveNow] },
        Command("probe", "probe the heads") { _, _ in [.requestProbe] },
        Command("data", arguments: "[TRAIN [DEV]]", "choose task data",
                candidates: { _ in TaskPreset.all.map(\.name) }, pathArguments: [0, 1]) { arguments, state throws(CommandError) in
            guard !arguments.isEmpty else {
                guard state.data.isFound else { throw CommandError(state.dataDescription) }
                return [.notify(StatusMessage("Training data: \(state.data.name) in \(state.dataDescription). "
                                              + DataChoice.howToChoose))]
            }
            return [.chooseData(try DataChoice.source(arguments, in: state.workingDirectory))]
        },
        Command("run", arguments: "[DIR]", "open a run folder", pathArguments: [0]) { arguments, _ in
            arguments.first.map { [.openRun(path: $0)] } ?? [.requestOpenRun]
        },
        Command("runs", arguments: "[DIR]", "list, compare runs", pathArguments: [0]) { arguments, _ in
            [.showRuns(folder: arguments.first)]
        },
        Command("export", arguments: "[FMT [DIR]]", "export the run", candidates: { _ in ExportFormat.allCases.map(\.rawValue) },
                pathArguments: [1]) {
            arguments, _ throws(CommandError) in
            guard let name = arguments.first else { return [.requestExport] }
            return [.exportRun(try format(name), output: arguments.count > 1 ? arguments[1] : nil)]
        },
    ]

    private static let otherCommands: [Command] = [
        Command("metric", arguments: "[NAME]", "heat-map metric", candidates: { _ in HeadMetric.allCases.map(\.rawValue) }) {
            arguments, _ throws(CommandError) in
            guard let name = arguments.first else { return [.cycleMetric] }
            return [.selectMetric(try metric(name))]
        },
        Command("theme", arguments: "[NAME]", "colour theme", candidates: { $0.themeNames }) { arguments, _ in
            arguments.first.map { [.selectTheme($0)] } ?? [.cycleTheme]
        },
        Command("help", arguments: "[NAME]", "keys and commands", candidates: { _ in standard.flatMap(\.names) }) {
            arguments, _ throws(CommandError) in
            // Help's last page holds the commands.
            guard let name = arguments.first else { return [.openHelp, .helpPage(-1)] }
            guard let command = CommandParser.command(named: name) else { throw unknown(name) }
            let aliases = command.aliases.isEmpty ? "" : " (also " + command.aliases.map { ":\($0)" }.joined(separator: ", ") + ")"
            return [.notify(StatusMessage("\(command.usage): \(command.description)\(aliases)"))]
        },
        Command("quit", aliases: ["q"], "quit") { _, _ in [.requestQuit] },
    ]

    /// The preset names Tab offers (`lora-rN` and `uniform-N` take any number).
    private static let presetNames = AdapterPlan.Preset.names.filter { !$0.hasSuffix("N") }
}
