import Foundation

/// The plan file format: a JSON object, documented in `docs/plans.md`.
extension AdapterPlan {
    /// The format version written in `kmix_plan`.
    public static let formatVersion = 1

    /// Reads and validates a plan file for a model of `shape`.
    public static func load(from url: URL, for shape: ModelShape) throws -> AdapterPlan {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw PlanError.unreadable(source: url.path, reason: "no such file")
        }
        guard !isFolder.boolValue else { throw PlanError.unreadable(source: url.path, reason: "it is a folder") }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PlanError.unreadable(source: url.path, reason: FileErrorReason.of(error))
        }
        return try decode(data, source: url.path, for: shape)
    }

    /// Parses and validates plan JSON (`source` names it in errors) for a model of `shape`.
    public static func decode(_ data: Data, source: String, for shape: ModelShape) throws -> AdapterPlan {
        let root: JSONNode
        do { root = try JSONNode(parsing: data) } catch {
            throw PlanError.unreadable(source: source, reason: "it is not valid JSON (\(error.location))")
        }
        return try decode(root, source: source, for: shape)
    }

    /// Validates the plan object `root` of a parsed document (`source` names it in errors, with `root`'s path).
    static func decode(_ root: JSONNode, source: String, for shape: ModelShape) throws -> AdapterPlan {
        let reader = PlanReader(source: source, shape: shape, root: root.path)
        do { return try reader.plan(root) } catch let error as JSONReadError {
            throw reader.fail(error.path, error.reason)
        }
    }

    /// The plan as JSON text: one line per per-head rank list, so that plans diff well.
    public func encoded() -> String {
        func list(_ ranks: [Int]) -> String { "[" + ranks.map(String.init).joined(separator: ", ") + "]" }
        let layerTexts = layers.map { layer in
            let shared = Projection.allCases.map { "\"\($0.rawValue)\": \(layer.sharedRank($0))" }.joined(separator: ", ")
            return "    {\n"
                + Projection.allCases.map { "      \"\($0.rawValue)\": \(list(layer.ranks($0))),\n" }.joined()
                + "      \"shared\": {\(shared)}\n    }"
        }
        return """
        {
          "kmix_plan": \(Self.formatVersion),\(description.map { "\n  \"description\": \(JSONText.string($0))," } ?? "")
          "model": {"layers": \(shape.layerCount), "heads": \(shape.headCount), "hidden_size": \(shape.hiddenSize)},
          "init": "\(initialization.rawValue)",
          "dropout": \(dropout),
          "task_head": "\(taskHead.rawValue)",
          "train_pooler": \(trainPooler),\(loraAlpha.map { "\n  \"lora_alpha\": \($0)," } ?? "")\(provenanceText)
          "layers": [
        \(layerTexts.joined(separator: ",\n"))
          ]
        }

        """
    }

    /// The `provenance` member as the plan file writes it (on its own line), or nothing.
    private var provenanceText: String {
        guard let p = provenance else { return "" }
        var fields = ["\"signal\": \(JSONText.string(p.signal))", "\"budget\": \(p.budget)"]
        if let base = p.base { fields.append("\"base\": \(JSONText.string(base))") }
        if let projections = p.projections { fields.append("\"projections\": \(JSONText.string(projections))") }
        if let minRank = p.minRank { fields.append("\"min_rank\": \(minRank)") }
        if let maxRank = p.maxRank { fields.append("\"max_rank\": \(maxRank)") }
        if let data = p.data { fields.append("\"data\": \(JSONText.string(data))") }
        if let rows = p.probeRows { fields.append("\"probe_rows\": \(rows)") }
        if let steps = p.probeSteps { fields.append("\"probe_steps\": \(steps)") }
        if let seed = p.seed { fields.append("\"seed\": \(seed)") }
        fields.append("\"kmix_version\": \(JSONText.string(p.kmixVersion))")
        return "\n  \"provenance\": {" + fields.joined(separator: ", ") + "},"
    }

    /// Writes the plan to `url` atomically, creating the folders it is in when they do not exist.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.replace(url, with: Array(encoded().utf8))
    }
}

/// Walks parsed plan JSON, reporting the first problem with its JSON path (the reader's own `JSONReadError`s, such
/// as a missing, unknown or repeated key, become `PlanError`s at the same path).
private struct PlanReader {
    let source: String
    let shape: AdapterPlan.ModelShape
    /// The path of the plan object: `$` in a plan file, `$.plan` in a checkpoint's `adapter_config.json`.
    let root: String

    func fail(_ location: String, _ reason: String) -> PlanError {
        .invalid(source: source, location: location, reason: reason)
    }

    /// A whole number that is not negative (ranks are checked against the model afterwards, with the plan's other ranks).
    func integer(_ node: JSONNode, what: String) throws -> Int {
        guard let number = node.value.intValue else { throw fail(node.path, "\(what) must be a whole number") }
        guard number >= 0 else { throw fail(node.path, "\(what) \(number) is negative") }
        return number
    }

    func plan(_ node: JSONNode) throws -> AdapterPlan {
        let json = try node.object()
        try json.allowOnly(["kmix_plan", "description", "model", "init", "dropout", "task_head", "train_pooler",
                            "lora_alpha", "layers", "provenance"])
        let versionNode = try json.required("kmix_plan")
        let version = try integer(versionNode, what: "format version")
        guard version == AdapterPlan.formatVersion else {
            throw fail(versionNode.path, "format version \(version) is not supported (this kmix reads \(AdapterPlan.formatVersion))")
        }
        let description = try json.optional("description").map { try $0.string() }
        try checkModel(try json.required("model"))
        let initialization = try choice(json["init"], default: AdapterPlan.Initialization.houlsby)
        let taskHead = try choice(json["task_head"], default: AdapterPlan.TaskHead.pooler)
        let dropout = try probability(json["dropout"])
        let trainPooler = try flag(json["train_pooler"])
        let loraAlpha = try positive(json.optional("lora_alpha"))
        if trainPooler && taskHead != .pooler {
            throw fail(JSONObject.path(of: "train_pooler", in: root), "only the 'pooler' task head has a pooler to train")
        }
        let layersNode = try json.required("layers")
        guard case .array = layersNode.value else { throw fail(layersNode.path, "expected an array of layers") }
        let layers = try layersNode.array()
        guard layers.count == shape.layerCount else {
            throw fail(layersNode.path, "the plan has \(layers.count) layers but the model has \(shape.layerCount)")
        }
        let budgets = try layers.map(layer)
        var plan = AdapterPlan(shape: shape, layers: budgets, initialization: initialization, dropout: dropout,
                               taskHead: taskHead, trainPooler: trainPooler, loraAlpha: loraAlpha)
        plan.description = description
        plan.provenance = try json.optional("provenance").map(provenance)
        if let violation = plan.firstRankViolation() { throw fail(location(of: violation), violation.reason) }
        return plan
    }

    /// The JSON path of the rank `violation` names, such as `$.layers[2].q[5]` or `$.layers[1].shared.o`.
    func location(of violation: AdapterPlan.RankViolation) -> String {
        let layer = "\(root).layers[\(violation.layer)]", key = violation.projection.rawValue
        return violation.head.map { "\(layer).\(key)[\($0)]" } ?? "\(layer).shared.\(key)"
    }

    func checkModel(_ node: JSONNode) throws {
        let model = try node.object()
        try model.allowOnly(["layers", "heads", "hidden_size"])
        let expected = [("layers", shape.layerCount), ("heads", shape.headCount), ("hidden_size", shape.hiddenSize)]
        for (key, size) in expected {
            let name = key.replacingOccurrences(of: "_", with: " ")
            let sizeNode = try model.required(key)
            let found = try integer(sizeNode, what: name)
            guard found == size else {
                throw fail(sizeNode.path, "the plan is for a model with \(name) \(found), but this model has \(size)")
            }
        }
    }

    func layer(_ node: JSONNode) throws -> AdapterPlan.LayerBudget {
        let json = try node.object()
        try json.allowOnly(["q", "v", "o", "shared"])
        var budget = AdapterPlan.LayerBudget(headCount: shape.headCount, rank: { _ in 0 }, shared: { _ in 0 })
        for projection in Projection.allCases {
            let ranksNode = try json.required(projection.rawValue)
            guard case .array = ranksNode.value else { throw fail(ranksNode.path, "expected an array of per-head ranks") }
            let ranks = try ranksNode.array()
            guard ranks.count == shape.headCount else {
                throw fail(ranksNode.path, "\(ranks.count) ranks for a model with \(shape.headCount) heads")
            }
            budget.heads[projection] = try ranks.map { try integer($0, what: "rank") }
        }
        if let sharedNode = json["shared"] {
            let shared = try sharedNode.object()
            try shared.allowOnly(["q", "v", "o"])
            for projection in Projection.allCases {
                budget.shared[projection] = try shared[projection.rawValue].map { try integer($0, what: "shared rank") } ?? 0
            }
        }
        return budget
    }

    func provenance(_ node: JSONNode) throws -> AdapterPlan.Provenance {
        let json = try node.object()
        try json.allowOnly(["signal", "budget", "base", "projections", "min_rank", "max_rank", "data", "probe_rows",
                            "probe_steps", "seed", "kmix_version"])
        var provenance = AdapterPlan.Provenance(signal: try json.required("signal").string(),
                                                budget: try integer(try json.required("budget"), what: "budget"))
        provenance.base = try json.optional("base").map { try $0.string() }
        provenance.projections = try json.optional("projections").map { try $0.string() }
        provenance.minRank = try json.optional("min_rank").map { try integer($0, what: "min_rank") }
        provenance.maxRank = try json.optional("max_rank").map { try integer($0, what: "max_rank") }
        provenance.data = try json.optional("data").map { try $0.string() }
        provenance.probeRows = try json.optional("probe_rows").map { try integer($0, what: "probe_rows") }
        provenance.probeSteps = try json.optional("probe_steps").map { try integer($0, what: "probe_steps") }
        provenance.seed = try json.optional("seed").map { try $0.uint64() }
        provenance.kmixVersion = try json.optional("kmix_version").map { try $0.string() } ?? "unknown"
        return provenance
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: JSONNode?, default fallback: Choice
    ) throws -> Choice where Choice.RawValue == String {
        guard let node else { return fallback }
        guard let name = node.value.stringValue, let found = Choice(rawValue: name) else {
            throw fail(node.path, "expected one of \(Choice.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        return found
    }

    func probability(_ node: JSONNode?) throws -> Float {
        guard let node else { return 0.1 }
        guard let dropout = node.value.numberValue?.float, dropout >= 0, dropout < 1 else {
            throw fail(node.path, "dropout must be a number from 0 up to (not including) 1")
        }
        return dropout
    }

    func positive(_ node: JSONNode?) throws -> Float? {
        guard let node else { return nil }
        guard let alpha = node.value.numberValue?.float, alpha > 0 else {
            throw fail(node.path, "lora_alpha must be a positive number (or null for a scaling of 1)")
        }
        return alpha
    }

    func flag(_ node: JSONNode?) throws -> Bool {
        guard let node else { return false }
        guard let flag = node.value.boolValue else { throw fail(node.path, "expected true or false") }
        return flag
    }
}
