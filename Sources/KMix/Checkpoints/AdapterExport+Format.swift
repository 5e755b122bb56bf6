import Foundation

extension AdapterExport {
    /// The files of the `kmix` format, copied from the run folder.
    static let runFiles = ["config.json", "plan.json", "adapters.safetensors"]

    /// Writes `run` as `format` into the new folder `folder` (its parent folders are created; an existing folder is
    /// refused with `ExportError.outputExists`); `baseModel` names the base model of a `peft` export (see `peft`).
    public static func write(_ run: TrainedRun, as format: ExportFormat, to folder: URL, baseModel: String? = nil) throws {
        switch format {
        case .kmix: try copyRun(run, to: folder)
        case .peft: try peft(run, to: folder, baseModel: baseModel)
        case .merged: try merged(run, to: folder)
        }
    }

    /// Writes the run's own files (`runFiles`) into `folder`: a run folder that kmix reads back.
    static func copyRun(_ run: TrainedRun, to folder: URL) throws {
        var files: [String: [UInt8]] = [:]
        for name in runFiles {
            let url = run.folder.appendingPathComponent(name)
            do { files[name] = Array(try Data(contentsOf: url)) } catch {
                throw ExportError.unreadable(path: url.path, reason: FileErrorReason.of(error))
            }
        }
        try writeFolder(folder, files: files)
    }
}
