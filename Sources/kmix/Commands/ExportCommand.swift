import ArgumentParser
import Foundation
import KMix

/// `kmix export --run RUN_DIR --format peft|merged --out DIR`: a run as Hugging Face files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run as a PEFT LoRA adapter or a merged transformers model (docs/formats.md).",
        discussion: """
        peft: adapter_config.json and adapter_model.safetensors for peft.PeftModel.from_pretrained on the \
        base model's BertForSequenceClassification; every Kernel-mix adapter is exactly one LoRA per module. \
        merged: the adapters folded into the weights, a complete folder for \
        AutoModelForSequenceClassification.from_pretrained. Only runs with the 'pooler' task head.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case peft, merged
    }

    @Option(name: .customLong("run"), help: ArgumentHelp("The run folder.", valueName: "RUN_DIR"))
    var runFolder: String

    @Option(help: "peft or merged.")
    var format: Format

    @Option(help: ArgumentHelp("The folder to create (must not exist).", valueName: "DIR"))
    var out: String

    func run() throws {
        let trained = try TrainedRun.load(URL(fileURLWithPath: runFolder, isDirectory: true))
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        switch format {
        case .peft: try AdapterExport.peft(trained, to: folder)
        case .merged: try AdapterExport.merged(trained, to: folder)
        }
        print("wrote a \(format.rawValue) export of \(runFolder) to \(out)")
    }
}
