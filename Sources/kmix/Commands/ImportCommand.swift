import ArgumentParser
import Foundation
import KMix
import KMixOptions

/// `kmix import --format peft DIR --out RUN_DIR`: a PEFT LoRA adapter as a kmix run folder.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a PEFT LoRA adapter of a BERT-family model into a kmix run folder (docs/formats.md).",
        discussion: """
        DIR holds adapter_config.json and adapter_model.safetensors, LoRA on the attention query and value \
        with the classifier in modules_to_save. RUN_DIR receives a LoRA plan (the scaling alpha/r folded into \
        B), config.json and adapters.safetensors, for kmix eval, predict and export.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case peft
    }

    @Option(help: "The adapter's format (only peft).")
    var format: Format

    @Argument(help: ArgumentHelp("The adapter folder.", valueName: "DIR"))
    var adapter: String

    @OptionGroup var modelOption: ModelOption

    @Option(help: ArgumentHelp("The run folder to create (must not exist).", valueName: "RUN_DIR"))
    var out: String

    func run() throws {
        let model = try PretrainedModel.load(modelOption.model)
        let source = URL(fileURLWithPath: adapter, isDirectory: true)
        let adapters = try PEFTImport.adapters(from: source, model: model)
        try PEFTImport.writeRun(adapters, source: source, model: model, to: URL(fileURLWithPath: out, isDirectory: true))
        print("imported \(adapter) into \(out): LoRA ranks \(adapters.plan.layers.map { "\($0.sharedRank(.query))/\($0.sharedRank(.value))" }.joined(separator: " ")) (q/v per layer)\(adapters.plan.loraAlpha.map { ", lora_alpha \($0.formatted())" } ?? ""), \(adapters.labelCount) labels")
    }
}
