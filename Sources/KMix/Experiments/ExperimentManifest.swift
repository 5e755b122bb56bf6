import Foundation

/// `experiment.json`: an experiment spec as `kmix experiment run` resolved it — its points, each a run folder under
/// `runs/` with its settings — so that `kmix experiment report` needs only the experiment's folder.
public struct ExperimentManifest: Sendable, Equatable {
    /// One point of the grid: one run.
    public struct Point: Sendable, Equatable {
        /// The run folder's name, from the point's grid values (`plan-paper-nlu_lr-0.001_seed-42`).
        public var name: String
        /// The name without the seed: the points that differ only in their seed share it.
        public var group: String
        /// The plan as the spec names it: a preset, a plan file or an `auto:` spec.
        public var plan: String
        public var seed: UInt64
        /// The point's settings as the spec gives them (`[base]` and its `[grid]` values, paths as written), by
        /// option name; a run made with other settings is not this point's.
        public var options: [String: String]
        /// The arguments of `kmix train` that start the run (`--out` and the checkpoint options left out).
        public var arguments: [String]

        /// A point; see the properties.
        public init(name: String, group: String, plan: String, seed: UInt64, options: [String: String], arguments: [String]) {
            self.name = name
            self.group = group
            self.plan = plan
            self.seed = seed
            self.options = options
            self.arguments = arguments
        }

        /// The run folder, relative to the experiment's folder.
        public var runFolder: String { "runs/\(name)" }
    }

    /// The spec file, as an absolute path.
    public var spec: String
    /// The points in the order they run.
    public var points: [Point]
    /// The kmix version that wrote the file.
    public var kmixVersion = KMixVersion.current

    /// The file's name in the experiment's folder.
    public static let fileName = "experiment.json"

    /// A manifest of `points` from the spec at `spec`.
    public init(spec: String, points: [Point]) {
        self.spec = spec
        self.points = points
    }

    /// Writes `experiment.json` into `folder` (to a temporary name, then renamed).
    public func write(into folder: URL) throws {
        func string(_ text: String) -> JSONValue { .string(text) }
        let points = points.map { point -> JSONValue in
            .object([
                JSONMember(key: "name", value: string(point.name)),
                JSONMember(key: "run_dir", value: string(point.runFolder)),
                JSONMember(key: "group", value: string(point.group)),
                JSONMember(key: "plan", value: string(point.plan)),
                JSONMember(key: "seed", value: .number(JSONNumber(literal: String(point.seed))!)),
                JSONMember(key: "options", value: .object(point.options.map { JSONMember(key: $0.key, value: string($0.value)) })),
                JSONMember(key: "arguments", value: .array(point.arguments.map(string))),
            ])
        }
        let root = JSONValue.object([
            JSONMember(key: "kmix_experiment", value: .number(JSONNumber(1))),
            JSONMember(key: "spec", value: string(spec)),
            JSONMember(key: "kmix_version", value: string(kmixVersion)),
            JSONMember(key: "points", value: .array(points)),
        ])
        try AtomicFile.replace(folder.appendingPathComponent(Self.fileName), with: Array((root.indentedText() + "\n").utf8))
    }

    /// Reads `experiment.json` from `folder`.
    /// - Throws: `ExperimentManifestError` naming the folder or the file and what is wrong.
    public static func load(from folder: URL) throws(ExperimentManifestError) -> ExperimentManifest {
        let url = folder.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else { throw .missing(folder: folder.path) }
        do {
            let root = try JSONNode(parsing: data).object()
            var manifest = ExperimentManifest(spec: try root.required("spec").string(), points: try root.required("points").array().map { node in
                let point = try node.object()
                return Point(name: try point.required("name").string(), group: try point.required("group").string(),
                             plan: try point.required("plan").string(), seed: try point.required("seed").uint64(),
                             options: try Dictionary(point.required("options").object().nodes.map { ($0.key, try $0.node.string()) },
                                                     uniquingKeysWith: { $1 }),
                             arguments: try point.required("arguments").array().map { try $0.string() })
            })
            manifest.kmixVersion = try root.required("kmix_version").string()
            return manifest
        } catch let error as JSONSyntaxError {
            throw .invalid(path: url.path, reason: "it is not valid JSON (\(error.location))")
        } catch let error as JSONReadError {
            throw .invalid(path: url.path, reason: error.description)
        } catch {
            throw .invalid(path: url.path, reason: "\(error)")
        }
    }
}

/// Why `experiment.json` cannot be read, in one sentence.
public enum ExperimentManifestError: Error, Equatable, CustomStringConvertible {
    case missing(folder: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(folder): "\(folder) has no experiment.json; give the --out folder of kmix experiment run"
        case let .invalid(path, reason): "\(path) is not an experiment file kmix wrote: \(reason)"
        }
    }
}
