/// What `E` writes: the run's own files, a PEFT LoRA adapter, or a merged model (`docs/formats.md`).
public enum ExportFormat: String, Sendable, CaseIterable {
    /// `config.json`, `plan.json` and `adapters.safetensors`: a run folder kmix reads back.
    case kmix
    /// `adapter_config.json` and `adapter_model.safetensors` for `peft`.
    case peft
    /// A complete `BertForSequenceClassification` folder with the adapters folded in.
    case merged

    /// The names the export dialog accepts.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A request to export the run in `run` as `format` into the new folder `output`.
public struct ExportRequest: Sendable, Equatable {
    public let run: String
    public let format: ExportFormat
    public let output: String

    public init(run: String, format: ExportFormat, output: String) {
        self.run = run
        self.format = format
        self.output = output
    }

    /// `exports/<run-name>-<format>`.
    public static func defaultOutput(run: String, format: ExportFormat) -> String {
        defaultOutput(run: run, suffix: format.rawValue)
    }

    /// `exports/<run-name>-<suffix>`.
    static func defaultOutput(run: String, suffix: String) -> String {
        let name = run.split(separator: "/").last.map(String.init) ?? "run"
        return "exports/\(name)-\(suffix)"
    }
}
