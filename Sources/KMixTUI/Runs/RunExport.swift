import Foundation
import KMix

/// Writes a run's export with the engine code `kmix export` uses (`AdapterExport.write`); never overwrites a folder.
public enum RunExport {
    /// Writes `request`; `model` overrides the model folder the run's configuration names.
    /// - Returns: the names of the files written, sorted.
    public static func write(_ request: ExportRequest, model: String?) throws -> [String] {
        let output = URL(fileURLWithPath: request.output, isDirectory: true)
        guard !FileManager.default.fileExists(atPath: output.path) else { throw ExportError.outputExists(path: request.output) }
        let run = try TrainedRun.load(URL(fileURLWithPath: request.run, isDirectory: true), model: model)
        try AdapterExport.write(run, as: request.format, to: output)
        return try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
    }
}
