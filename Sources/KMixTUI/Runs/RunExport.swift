import Foundation
import KMix

/// Writes a run's export with the engine code `kmix export` uses; never overwrites a folder.
public enum RunExport {
    /// The files of the `kmix` format, copied from the run folder.
    static let runFiles = ["config.json", "plan.json", "adapters.safetensors"]

    /// Writes `request`; `model` overrides the model folder the run's configuration names.
    /// - Returns: the names of the files written, sorted.
    public static func write(_ request: ExportRequest, model: String?) throws -> [String] {
        let output = URL(fileURLWithPath: request.output, isDirectory: true)
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: output.path) else { throw ExportError.outputExists(path: request.output) }
        let run = try TrainedRun.load(URL(fileURLWithPath: request.run, isDirectory: true), model: model)
        try fileManager.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        switch request.format {
        case .kmix: try copyRun(run.folder, to: output)
        case .peft: try AdapterExport.peft(run, to: output)
        case .merged: try AdapterExport.merged(run, to: output)
        }
        return try fileManager.contentsOfDirectory(atPath: output.path).sorted()
    }

    /// Copies the run's files into a hidden folder beside `output`, then renames it.
    private static func copyRun(_ run: URL, to output: URL) throws {
        let fileManager = FileManager.default
        let partial = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).partial-\(UUID().uuidString)")
        try fileManager.createDirectory(at: partial, withIntermediateDirectories: false)
        do {
            for name in runFiles {
                try fileManager.copyItem(at: run.appendingPathComponent(name), to: partial.appendingPathComponent(name))
            }
            try fileManager.moveItem(at: partial, to: output)
        } catch {
            try? fileManager.removeItem(at: partial)
            throw error
        }
    }
}
