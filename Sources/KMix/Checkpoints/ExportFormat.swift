import Foundation

/// The forms a trained run is exported in, by `kmix export --format` and kmix-tui's `E` alike (`docs/formats.md`).
public enum ExportFormat: String, Sendable, CaseIterable {
    /// `config.json`, `plan.json` and `adapters.safetensors`: a run folder kmix reads back.
    case kmix
    /// `adapter_config.json` and `adapter_model.safetensors` for `peft`.
    case peft
    /// A complete `BertForSequenceClassification` folder with the adapters folded in.
    case merged

    /// The format names, comma-separated: `kmix, peft, merged`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Where an export of the run folder `run` goes when no folder is named: `exports/<run-name>-<format>`, relative
    /// to the working directory (`AdapterExport.write` refuses it when it exists).
    public func defaultFolder(run: String) -> String { Self.defaultFolder(run: run, suffix: rawValue) }

    /// `exports/<run-name>-<suffix>`: the default folder with `suffix` in place of the format's name (kmix-tui shows
    /// a placeholder while no format is chosen).
    public static func defaultFolder(run: String, suffix: String) -> String {
        "exports/\(URL(fileURLWithPath: run, isDirectory: true).standardizedFileURL.lastPathComponent)-\(suffix)"
    }
}
