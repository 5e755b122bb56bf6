import Foundation
import KMix

/// The task data the UI trains and probes on: the source the user chose, and the files found for it or why
/// none were.
public struct DataChoice: Sendable, Equatable {
    public var source: DataSource
    /// The files found (nil: none).
    public var located: LocatedData?
    /// Why no files were found, in one sentence that says how to give them.
    public var problem: String?

    /// A choice of `source` whose files are `located`, or missing because of `problem`.
    public init(source: DataSource, located: LocatedData?, problem: String? = nil) {
        self.source = source
        self.located = located
        self.problem = problem
    }

    /// Looks for the files of `source`.
    public static func check(_ source: DataSource) -> DataChoice {
        do {
            return DataChoice(source: source, located: try source.locate())
        } catch {
            return DataChoice(source: source, located: nil, problem: "\(error)")
        }
    }

    /// Whether files were found.
    public var isFound: Bool { located != nil }

    /// The task's name ("SST-2"), or "custom task" for files named by the user.
    public var name: String { source.task?.displayName ?? "custom task" }

    /// Where the data is ("Datasets/sst2 (the sample shipped with kmix)", a training file), or what is missing and how to give it.
    public func description(relativeTo directory: String?) -> String {
        if let located { return located.description { Format.relativePath($0, to: directory) } }
        return (problem ?? "no data") + " " + Self.howToChoose
    }

    /// How to choose other data, for messages.
    static let howToChoose = "Choose data with :data TRAIN [DEV], :data sst2 [DIR] or, for a decoder, :data e2e [DIR]."

    /// The source as `:data` and the train dialog's Data field spell it: `sst2`, `e2e DIR`, or `TRAIN [DEV]`, with
    /// paths inside `directory` relative to it and paths with spaces in double quotes.
    public func fieldText(relativeTo directory: String?) -> String {
        func word(_ path: String) -> String {
            let shown = Format.relativePath(path, to: directory)
            return shown.contains(" ") ? "\"\(shown)\"" : shown
        }
        switch source.origin {
        case let .task(preset, folder): return ([preset.name] + (folder.map { [word($0)] } ?? [])).joined(separator: " ")
        case let .files(train, dev): return ([word(train)] + (dev.map { [word($0)] } ?? [])).joined(separator: " ")
        }
    }

    /// The source `words` name: a task preset's name (and optionally its folder) unless a file has that name,
    /// else a training file and an optional dev file, resolved against `directory`. Columns are found by header name (`ColumnSelection`'s
    /// defaults).
    static func source(_ words: [String], in directory: String?) throws(CommandError) -> DataSource {
        guard let first = words.first, words.count <= 2 else {
            throw CommandError("Give a task (sst2 or e2e, optionally with its folder) or a training file and a dev file.")
        }
        func path(_ word: String) -> String {
            let expanded = (word as NSString).expandingTildeInPath
            guard !expanded.hasPrefix("/"), let directory else { return expanded }
            return (directory as NSString).appendingPathComponent(expanded)
        }
        var isFolder: ObjCBool = false
        let isFile = FileManager.default.fileExists(atPath: path(first), isDirectory: &isFolder) && !isFolder.boolValue
        if let preset = TaskPreset.named(first.lowercased()), !isFile {
            return DataSource(.task(preset, folder: words.count == 2 ? path(words[1]) : nil))
        }
        return DataSource(.files(train: path(first), dev: words.count == 2 ? path(words[1]) : nil))
    }
}
