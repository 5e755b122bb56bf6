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
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            let location = JSONSyntaxLocation(of: error, in: data).map { " (\($0))" } ?? ""
            throw PlanError.unreadable(source: source, reason: "it is not valid JSON\(location)")
        }
        return try PlanReader(source: source, shape: shape).plan(object)
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
          "kmix_plan": \(Self.formatVersion),
          "model": {"layers": \(shape.layerCount), "heads": \(shape.headCount), "hidden_size": \(shape.hiddenSize)},
          "init": "\(initialization.rawValue)",
          "dropout": \(dropout),
          "task_head": "\(taskHead.rawValue)",
          "train_pooler": \(trainPooler),\(loraAlpha.map { "\n  \"lora_alpha\": \($0)," } ?? "")
          "layers": [
        \(layerTexts.joined(separator: ",\n"))
          ]
        }

        """
    }

    /// Writes the plan to `url` atomically, creating the folders it is in when they do not exist.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.replace(url, with: Array(encoded().utf8))
    }
}

/// Walks parsed plan JSON, reporting the first problem with its JSON path.
private struct PlanReader {
    let source: String
    let shape: AdapterPlan.ModelShape

    func fail(_ location: String, _ reason: String) -> PlanError {
        .invalid(source: source, location: location, reason: reason)
    }

    /// The value of `json`'s `key`, which a plan must have; `location` is `json`'s path.
    func required(_ key: String, of json: [String: Any], at location: String) throws -> Any {
        guard let value = json[key] else { throw fail(location, "the required key '\(key)' is missing") }
        return value
    }

    func object(_ value: Any, at location: String, keys: Set<String>) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail(location, "expected a JSON object") }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw fail("\(location).\(unknown)", "unknown key (expected one of \(keys.sorted().joined(separator: ", ")))")
        }
        return object
    }

    /// A whole number that is not negative (ranks are checked against the model afterwards, with the plan's other ranks).
    func integer(_ value: Any, at location: String, what: String) throws -> Int {
        guard let number = JSONInteger.signed(value) else { throw fail(location, "\(what) must be a whole number") }
        guard number >= 0 else { throw fail(location, "\(what) \(number) is negative") }
        return number
    }

    func plan(_ root: Any) throws -> AdapterPlan {
        let keys: Set = ["kmix_plan", "description", "model", "init", "dropout", "task_head", "train_pooler", "lora_alpha",
                         "layers"]
        let json = try object(root, at: "$", keys: keys)
        let version = try integer(try required("kmix_plan", of: json, at: "$"), at: "$.kmix_plan", what: "format version")
        guard version == AdapterPlan.formatVersion else {
            throw fail("$.kmix_plan", "format version \(version) is not supported (this kmix reads \(AdapterPlan.formatVersion))")
        }
        if let description = json["description"], !(description is String) {
            throw fail("$.description", "expected a string")
        }
        try checkModel(try required("model", of: json, at: "$"))
        let initialization = try choice(json["init"], at: "$.init", default: AdapterPlan.Initialization.houlsby)
        let taskHead = try choice(json["task_head"], at: "$.task_head", default: AdapterPlan.TaskHead.pooler)
        let dropout = try probability(json["dropout"], at: "$.dropout")
        let trainPooler = try flag(json["train_pooler"], at: "$.train_pooler")
        let loraAlpha = try positive(json["lora_alpha"], at: "$.lora_alpha")
        if trainPooler && taskHead != .pooler {
            throw fail("$.train_pooler", "only the 'pooler' task head has a pooler to train")
        }
        guard let layers = try required("layers", of: json, at: "$") as? [Any] else {
            throw fail("$.layers", "expected an array of layers")
        }
        guard layers.count == shape.layerCount else {
            throw fail("$.layers", "the plan has \(layers.count) layers but the model has \(shape.layerCount)")
        }
        let budgets = try layers.enumerated().map { try layer($1, at: "$.layers[\($0)]") }
        let plan = AdapterPlan(shape: shape, layers: budgets, initialization: initialization, dropout: dropout,
                               taskHead: taskHead, trainPooler: trainPooler, loraAlpha: loraAlpha)
        if let violation = plan.firstRankViolation() { throw fail(Self.location(of: violation), violation.reason) }
        return plan
    }

    /// The JSON path of the rank `violation` names, such as `$.layers[2].q[5]` or `$.layers[1].shared.o`.
    static func location(of violation: AdapterPlan.RankViolation) -> String {
        let layer = "$.layers[\(violation.layer)]", key = violation.projection.rawValue
        return violation.head.map { "\(layer).\(key)[\($0)]" } ?? "\(layer).shared.\(key)"
    }

    func checkModel(_ value: Any) throws {
        let model = try object(value, at: "$.model", keys: ["layers", "heads", "hidden_size"])
        let expected = [("layers", shape.layerCount), ("heads", shape.headCount), ("hidden_size", shape.hiddenSize)]
        for (key, size) in expected {
            let found = try integer(try required(key, of: model, at: "$.model"), at: "$.model.\(key)",
                                    what: key.replacingOccurrences(of: "_", with: " "))
            guard found == size else {
                throw fail("$.model.\(key)", "the plan is for a model with \(key.replacingOccurrences(of: "_", with: " ")) \(found), "
                           + "but this model has \(size)")
            }
        }
    }

    func layer(_ value: Any, at location: String) throws -> AdapterPlan.LayerBudget {
        let json = try object(value, at: location, keys: ["q", "v", "o", "shared"])
        var budget = AdapterPlan.LayerBudget(headCount: shape.headCount, rank: { _ in 0 }, shared: { _ in 0 })
        for projection in Projection.allCases {
            let key = projection.rawValue
            guard let ranks = try required(key, of: json, at: location) as? [Any] else {
                throw fail("\(location).\(key)", "expected an array of per-head ranks")
            }
            guard ranks.count == shape.headCount else {
                throw fail("\(location).\(key)", "\(ranks.count) ranks for a model with \(shape.headCount) heads")
            }
            budget.heads[projection] = try ranks.enumerated().map {
                try integer($1, at: "\(location).\(key)[\($0)]", what: "rank")
            }
        }
        if let sharedValue = json["shared"] {
            let shared = try object(sharedValue, at: "\(location).shared", keys: ["q", "v", "o"])
            for projection in Projection.allCases {
                let key = projection.rawValue
                budget.shared[projection] = try shared[key].map {
                    try integer($0, at: "\(location).shared.\(key)", what: "shared rank")
                } ?? 0
            }
        }
        return budget
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ value: Any?, at location: String, default fallback: Choice
    ) throws -> Choice where Choice.RawValue == String {
        guard let value else { return fallback }
        guard let name = value as? String, let found = Choice(rawValue: name) else {
            throw fail(location, "expected one of \(Choice.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        return found
    }

    func probability(_ value: Any?, at location: String) throws -> Float {
        guard let value else { return 0.1 }
        guard let number = value as? NSNumber, !isJSONBoolean(number),
              number.doubleValue >= 0, number.doubleValue < 1 else {
            throw fail(location, "dropout must be a number from 0 up to (not including) 1")
        }
        return number.floatValue
    }

    func positive(_ value: Any?, at location: String) throws -> Float? {
        guard let value, !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !isJSONBoolean(number), number.doubleValue > 0,
              number.doubleValue.isFinite, number.floatValue.isFinite else {
            throw fail(location, "lora_alpha must be a positive number (or null for a scaling of 1)")
        }
        return number.floatValue
    }

    func flag(_ value: Any?, at location: String) throws -> Bool {
        guard let value else { return false }
        guard let number = value as? NSNumber, isJSONBoolean(number) else { throw fail(location, "expected true or false") }
        return number.boolValue
    }
}
