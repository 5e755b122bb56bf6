import ArgumentParser
import Foundation
import Glibc
import KMix
import KMixTUI

/// `kmix-tui`: browse a model's heads, edit an adapter plan and train it, in the terminal.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmix-tui",
        abstract: "Browse attention heads, edit per-head adapter budgets and train, in a terminal UI.",
        discussion: "Press ? inside for the keys. For headless training use `kmix train`."
    )

    @Option(help: "A model folder or Hugging Face name (default: all-MiniLM-L6-v2).")
    var model: String?

    @Option(help: "A task preset: sst2 (the default when its data is found).")
    var task: String?

    @Option(help: ArgumentHelp("Training data (TSV, CSV or JSON Lines).", valueName: "FILE"))
    var train: String?

    @Option(help: ArgumentHelp("Dev data for --train.", valueName: "FILE"))
    var dev: String?

    @Option(help: ArgumentHelp("A plan file to start from.", valueName: "FILE"))
    var plan: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("A run folder to open: its plan, curves and adapter norms.", valueName: "RUN_DIR"))
    var runFolder: String?

    @Option(help: "A theme: dark, light, high-contrast, monochrome, or a path to a .theme file.")
    var theme = "dark"

    @Option(help: "Colour: auto (off under NO_COLOR), always, never.")
    var color: ColorMode = .auto

    @Option(help: "Plot glyphs: braille, block or ascii (default: braille, or ascii when the locale is not UTF-8).")
    var glyphs: String?

    func validate() throws {
        if let task, task != "sst2" { throw ValidationError("the only task preset is sst2") }
        if task != nil && train != nil { throw ValidationError("give --task or --train, not both") }
        if dev != nil && train == nil { throw ValidationError("--dev needs --train") }
        if let glyphs, GlyphSet.named(glyphs) == nil { throw ValidationError("--glyphs is braille, block or ascii") }
    }

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data("kmix-tui needs a terminal; for scripts and pipes use `kmix train` (see `kmix train --help`).\n".utf8))
            throw ExitCode(2)
        }
        let selectedTheme: Theme
        do {
            selectedTheme = try ThemeFile.load(theme)
        } catch {
            throw ValidationError("theme: \(error)")
        }
        FileHandle.standardError.write(Data("Loading the model…\n".utf8))
        let pretrained = try PretrainedModel.load(model)
        let shape = AdapterPlan.ModelShape(pretrained.configuration)
        let startPlan: AdapterPlan
        if let plan {
            do {
                startPlan = try AdapterPlan.load(from: URL(fileURLWithPath: plan), for: shape)
            } catch {
                throw ValidationError("plan \(plan): \(error)")
            }
        } else {
            startPlan = AdapterPlan(preset: .paperNLU, shape: shape)
        }
        let data: TrainingData = train.map { .files(train: $0, dev: dev) } ?? .sst2
        let availability = data.availability()
        var state = AppState(modelName: pretrained.folder.lastPathComponent, modelParameters: ModelSummary(pretrained).total,
                             plan: startPlan, taskName: data.name, dataDescription: availability.description,
                             hasData: availability.found)
        if let plan { state.planPath = plan }
        state.modelPath = pretrained.folder.path
        if let runFolder {
            do {
                _ = reduce(&state, .runOpened(try OpenedRun.load(runFolder, shape: shape, model: pretrained.folder.path)))
            } catch {
                _ = reduce(&state, .notify(StatusMessage("Could not open the run \(runFolder): \(error)", kind: .error)))
            }
        }
        let terminal = Terminal(theme: selectedTheme, colorMode: color)
        let glyphSet = terminal.isUTF8 ? glyphs.flatMap(GlyphSet.named) ?? .braille : .ascii
        App(state: state, terminal: terminal, session: TrainingSession(model: pretrained, data: data),
            options: RenderOptions(glyphs: glyphSet)).run()
    }
}

extension ColorMode: ExpressibleByArgument {}
