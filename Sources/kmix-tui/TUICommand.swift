import ArgumentParser
import Foundation
import Glibc
import KMix
import KMixOptions
import KMixTUI

/// `kmix-tui`: browse a model's heads, edit an adapter plan and train it, in the terminal.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmix-tui",
        abstract: "Browse attention heads, edit per-head adapter budgets and train, in a terminal UI.",
        discussion: "Press ? inside for the keys. For headless training use `kmix train`."
    )

    @OptionGroup var modelOption: ModelOption

    /// The task's data; when neither `--task` nor `--train` is given, E2E for a decoder and SST-2 for an encoder.
    @OptionGroup var dataOptions: DataOptions

    @Option(help: ArgumentHelp("A plan file to start from.", valueName: "FILE"))
    var plan: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("A run folder to open: its plan, curves and adapter norms.", valueName: "RUN_DIR"))
    var runFolder: String?

    @Flag(help: "With --run: keep reading the run folder as another process writes it, updating the charts and norms.")
    var follow = false

    @Option(help: ArgumentHelp("With --follow: say the run has gone quiet after this many seconds without a new line "
                               + "(default: 3 times the median step interval, at least 30).", valueName: "SECONDS"))
    var quietAfter: Double?

    @Option(help: "A theme: dark, light, high-contrast, monochrome, or a path to a .theme file (default: the config's, else dark).")
    var theme: String?

    @Option(help: ArgumentHelp("Colour: auto (the most the terminal has; none under NO_COLOR), always (even under "
                               + "NO_COLOR), never, or a depth (default: the config's, else auto).", valueName: "MODE"))
    var color: ColorMode?

    @Option(help: "Plot glyphs: braille, block or ascii (default: the config's, else braille; ascii when the locale is not UTF-8).")
    var glyphs: String?

    func validate() throws {
        if dataOptions.dev != nil && dataOptions.train == nil { throw ValidationError("--dev needs --train") }
        if let glyphs, GlyphSet.named(glyphs) == nil { throw ValidationError("--glyphs is braille, block or ascii") }
        if follow {
            guard let runFolder else { throw ValidationError("--follow needs --run RUN_DIR") }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: runFolder, isDirectory: &isFolder), !isFolder.boolValue {
                throw ValidationError("--run \(runFolder) is a file, not a run folder")
            }
        }
        if let quietAfter {
            guard follow else { throw ValidationError("--quiet-after needs --follow") }
            guard quietAfter > 0, quietAfter.isFinite else { throw ValidationError("--quiet-after must be a positive number of seconds") }
        }
    }

    func run() throws {
        let config: TUIConfig, keyMap: KeyMap
        do {
            config = try TUIConfig.load()
            keyMap = try KeyMap.standard.overriding(config.keys, file: config.file)
        } catch {
            FileHandle.standardError.write(Data("kmix-tui: config: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let theme = self.theme ?? config.theme ?? Theme.fallback.name
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data("kmix-tui needs a terminal; for scripts and pipes use `kmix train` (see `kmix train --help`).\n".utf8))
            throw ExitCode(2)
        }
        let colorMode = color ?? config.color ?? .auto
        let colorSetup: ColorSetup
        do {
            colorSetup = try ColorSetup.detect(mode: colorMode)
        } catch {
            let source = color != nil ? "--color \(colorMode.rawValue)" : "\(config.file): color = \"\(colorMode.rawValue)\""
            FileHandle.standardError.write(Data("kmix-tui: \(source): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let selectedTheme: Theme
        do {
            selectedTheme = try ThemeFile.load(theme)
        } catch {
            throw ValidationError("theme: \(error)")
        }
        FileHandle.standardError.write(Data("Loading the model…\n".utf8))
        let pretrained = try PretrainedModel.load(modelOption.model)
        let shape = AdapterPlan.ModelShape(pretrained.configuration)
        let isDecoder = pretrained.configuration.family.isDecoder
        let dataSource = dataSource(decoder: isDecoder)
        var startPlan: AdapterPlan
        if let plan {
            do {
                startPlan = try AdapterPlan.load(from: URL(fileURLWithPath: plan), for: shape)
            } catch {
                throw ValidationError("plan \(plan): \(error)")
            }
        } else {
            let preset = dataSource.pairColumns == nil ? TrainingDefaults.preset : TrainingDefaults.generationPreset
            startPlan = AdapterPlan(preset: preset, shape: shape)
            startPlan.taskHead = pretrained.defaultTaskHead
        }
        var state = AppState(modelName: pretrained.displayName, modelParameters: ModelSummary(pretrained).total,
                             plan: startPlan, data: DataChoice.check(dataSource))
        if let plan {
            state.planPath = plan
            state.ownedPlanFile = plan
        }
        state.themeName = theme
        state.themeNames = ThemeFile.available()
        if !state.themeNames.contains(theme) { state.themeNames.append(theme) }
        if let rows = dataOptions.maxTrainRows { state.settings.maxTrainRows = rows }
        state.modelIsDecoder = isDecoder
        state.modelPath = pretrained.folder.path
        state.workingDirectory = FileManager.default.currentDirectoryPath
        state.keyMap = keyMap
        if let runFolder, !follow {
            do {
                _ = reduce(&state, .runOpened(try OpenedRun.load(runFolder, shape: shape, model: pretrained.folder.path)))
            } catch {
                _ = reduce(&state, .notify(StatusMessage("Could not open the run \(runFolder): \(error)", kind: .error)))
            }
        }
        let terminal: CursesBackend
        do {
            terminal = try CursesBackend(theme: selectedTheme, colors: colorSetup)
        } catch {
            FileHandle.standardError.write(Data("kmix-tui: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let glyphSet = terminal.isUTF8 ? (glyphs ?? config.glyphs).flatMap(GlyphSet.named) ?? .braille : .ascii
        let app = App(state: state, backend: terminal, training: TrainingSession(model: pretrained),
                      options: RenderOptions(glyphs: glyphSet), frame: .milliseconds(1_000 / max(1, config.refreshRate ?? 30)),
                      stopSignals: SignalWatch())
        if let runFolder, follow { app.send(.followRun(path: runFolder, quietAfter: quietAfter)) }
        app.run()
        if let signal = app.endingSignal { throw ExitCode(128 + signal) }
    }
}

extension TUICommand {
    /// The data the options name; when they name none, the task found where `--task` finds it: E2E for a `decoder`
    /// (the task it writes text for, as `kmix train --task e2e`), else SST-2.
    func dataSource(decoder: Bool) -> DataSource {
        dataOptions.source ?? DataSource(.task(decoder ? .e2e : .sst2, folder: dataOptions.data),
                                         columns: dataOptions.trainColumns, devColumns: dataOptions.devColumns)
    }
}

extension ColorMode: ExpressibleByArgument {}
