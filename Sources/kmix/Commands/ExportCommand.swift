import ArgumentParser
import Foundation
import KMix

/// `kmix export --run RUN_DIR --format kmix|peft|merged [--out DIR]`: a run as kmix, PEFT or merged Hugging Face files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run as kmix files, a PEFT LoRA adapter or a merged transformers model (docs/formats.md).",
        discussion: """
        kmix: the run's config.json, plan.json and adapters.safetensors, a run folder that kmix and kmix-tui read. \
        peft: adapter_config.json and adapter_model.safetensors for peft.PeftModel.from_pretrained on the base \
        model's task model (BertForSequenceClassification, RobertaForSequenceClassification, or GPT2LMHeadModel, \
        whose adapters on the fused c_attn are one module with fan_in_fan_out); every Kernel-mix adapter is exactly \
        one LoRA per module. merged: the adapters folded into the weights, a complete folder for \
        AutoModelForSequenceClassification.from_pretrained (GPT-2: AutoModelForCausalLM), with the base model's \
        tokenizer files. A classifier's peft and merged exports need a run with the 'pooler' task head. A peft \
        export's base_model_name_or_path is the base model's Hugging Face id when kmix knows it (fetched by kmix \
        fetch-model, or in kmix's or the Hugging Face cache), else its folder, unless --base-model names it. The \
        formats and the default folder are those of kmix-tui's E.
        """)

    @Option(name: .customLong("run"), help: ArgumentHelp("The run folder.", valueName: "RUN_DIR"))
    var runFolder: String

    @OptionGroup var runModel: RunModelOption

    @Option(help: "kmix, peft or merged.")
    var format: ExportFormat

    @Option(help: ArgumentHelp("The folder to create (default: exports/<run>-<format>); an existing folder is refused.",
                               valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("base-model"), help: ArgumentHelp(
        "The base model's name for a peft export's base_model_name_or_path (default: its hub id, else its folder).",
        valueName: "ID"))
    var baseModel: String?

    func validate() throws {
        if baseModel != nil && format != .peft { throw ValidationError("--base-model names the base model of --format peft only") }
    }

    func run() throws {
        let out = self.out ?? format.defaultFolder(run: runFolder)
        let trained = try runModel.load(runFolder)
        do {
            try AdapterExport.write(trained, as: format, to: URL(fileURLWithPath: out, isDirectory: true), baseModel: baseModel)
        } catch ExportError.outputExists {
            throw CommandError("\(out) exists already; choose a new output folder with --out (nothing was overwritten)")
        }
        print("wrote a \(format.rawValue) export of \(runFolder) to \(out)")
    }
}

extension ExportFormat: ExpressibleByArgument {}
