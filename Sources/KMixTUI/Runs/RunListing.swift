import Foundation
import KMix

/// The runs in a folder, as the runs screen lists them.
public struct RunListing: Sendable, Equatable {
    /// The folder as asked for.
    public var folder: String
    /// Where the runs were found: `folder`, or its `runs` folder when `folder` holds no run (an experiment's folder).
    public var location: String
    /// The runs, by folder name.
    public var runs: [RunSummary]

    /// The runs of `folder` (or of `folder/runs`), for a model of `shape`, at `now`: every subfolder holding a run's
    /// `config.json`, `plan.json` or `metrics.jsonl`.
    /// - Throws: `RunListingError` when `folder` is not a folder.
    public static func read(_ folder: String, shape: AdapterPlan.ModelShape, now: Date = Date()) throws -> RunListing {
        guard isFolder(folder) else { throw RunListingError(description: "\(folder) is not a folder") }
        var location = folder, names = runNames(in: folder)
        let nested = (folder as NSString).appendingPathComponent("runs")
        if names.isEmpty, isFolder(nested) {
            location = nested
            names = runNames(in: nested)
        }
        let runs = names.map { RunSummary.read((location as NSString).appendingPathComponent($0), shape: shape, now: now) }
        return RunListing(folder: folder, location: location, runs: runs)
    }

    /// The names of the subfolders of `folder` that hold a run, sorted.
    private static func runNames(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            let run = (folder as NSString).appendingPathComponent(name)
            return !name.hasPrefix(".") && isFolder(run) && ["config.json", "plan.json", "metrics.jsonl"].contains {
                FileManager.default.fileExists(atPath: (run as NSString).appendingPathComponent($0))
            }
        }.sorted()
    }

    private static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }
}

/// Why a folder's runs cannot be listed.
public struct RunListingError: Error, Equatable, CustomStringConvertible {
    public let description: String
}
