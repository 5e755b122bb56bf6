import ArgumentParser
import Foundation
import KMix
import KMixOptions

/// `kmix plan`: make, show and write adapter budget plans.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Make, show and write adapter budget plans (format: docs/plans.md).",
        subcommands: [Show.self, Preset.self, Initialize.self, Auto.self]
    )

    /// `kmix plan show FILE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a plan against a model and print its parameter counts.")

        @Argument(help: ArgumentHelp("The plan file.", valueName: "FILE"))
        var file: String

        @OptionGroup var modelOption: ModelOption

        func run() throws {
            let model = try PretrainedModel.load(modelOption.model)
            let plan = try AdapterPlan.load(from: URL(fileURLWithPath: file), for: AdapterPlan.ModelShape(model.configuration))
            print(PlanReport(plan: plan, model: model).text)
        }
    }

    /// `kmix plan preset NAME`.
    struct Preset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a preset's plan as JSON (or write it with --out); counts go to standard error.",
            discussion: """
            Presets: paper-nlu and paper-nlg (the Kernel-mix paper's NLU and NLG budgets), lora-rN (LoRA of rank N \
            on Q and V, e.g. lora-r8), lora-qvo-rN (LoRA of rank N on Q, V and O), uniform-N (every head rank N on \
            Q, V and O, no shared term), none (only the task head trains).
            """)

        @Argument(help: "The preset's name.")
        var name: String

        @OptionGroup var modelOption: ModelOption

        @Option(help: ArgumentHelp("Write the plan here (refuses to replace a file unless --force).", valueName: "FILE"))
        var out: String?

        @Flag(help: "Replace an existing file.")
        var force = false

        func validate() throws { _ = try PresetArgument.parse(name) }

        func run() throws {
            let model = try PretrainedModel.load(modelOption.model)
            let plan = try PlanCommand.preset(name, model: model)
            try PlanCommand.emit(plan, model: model, to: out, force: force)
        }
    }

    /// `kmix plan init --out FILE`.
    struct Initialize: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init", abstract: "Write a plan file to edit, starting from a preset (default paper-nlu).")

        @Option(help: ArgumentHelp("The file to write.", valueName: "FILE"))
        var out: String

        @Option(help: "The preset to start from.")
        var preset = "paper-nlu"

        @OptionGroup var modelOption: ModelOption

        @Flag(help: "Replace an existing file.")
        var force = false

        func validate() throws { _ = try PresetArgument.parse(preset) }

        func run() throws {
            let model = try PretrainedModel.load(modelOption.model)
            try PlanCommand.emit(try PlanCommand.preset(preset, model: model), model: model, to: out, force: force)
        }
    }

    /// The preset called `name` for `model`, or a usage error suggesting the closest name (`PresetArgument`), or the
    /// rank the model does not allow.
    static func preset(_ name: String, model: PretrainedModel) throws -> AdapterPlan {
        try model.plan(preset: PresetArgument.parse(name))
    }

    /// Writes `plan` to `path` (atomically; refusing to replace a file without `force`) or to standard output,
    /// and its counts to standard error.
    static func emit(_ plan: AdapterPlan, model: PretrainedModel, to path: String?, force: Bool) throws {
        if let path {
            try OutputFile.check(path, option: "--out")
            guard force || !FileManager.default.fileExists(atPath: path) else {
                throw CommandError("\(path) already exists; pass --force to replace it")
            }
            try plan.write(to: URL(fileURLWithPath: path))
            FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
        } else {
            print(plan.encoded(), terminator: "")
        }
        FileHandle.standardError.write(Data((PlanReport(plan: plan, model: model).text + "\n").utf8))
    }
}
