import Foundation

extension RunConfiguration {
    /// Reads `config.json` from a run folder. Keys it does not know are ignored (a newer kmix may add some).
    /// - Throws: `TrainedRun.LoadError` naming the file and what is wrong with it.
    public static func load(fromRun folder: URL) throws -> RunConfiguration {
        let url = folder.appendingPathComponent("config.json")
        guard let data = try? Data(contentsOf: url) else {
            throw TrainedRun.LoadError.missingFile(folder: folder.path, file: "config.json")
        }
        func invalid(_ reason: String) -> TrainedRun.LoadError { .invalidConfiguration(path: url.path, reason: reason) }
        let object: JSONObject
        do { object = try JSONNode(parsing: data).object() } catch let error as JSONSyntaxError {
            throw invalid("it is not valid JSON (\(error.location))")
        } catch let error as JSONReadError {
            throw invalid(error.reason)
        }
        let configuration = try RunConfiguration(ConfigurationFields(object: object, path: url.path))
        if let (key, value, minimum) = configuration.firstInvalidCount() {
            throw invalid("'\(key)' is \(value); it must be at least \(minimum)")
        }
        if let runID = configuration.runID, UUID(uuidString: runID) == nil {
            throw invalid("'run_id' is not a run identity: \(runID)")
        }
        if let problem = configuration.parameters.optimizer.problem {
            throw invalid("'\(problem.setting.configurationKey.stringValue)' \(problem.reason)")
        }
        if (configuration.sourceColumn == nil) != (configuration.targetColumn == nil) {
            throw invalid("it has only one of 'source_column' and 'target_column'; a generation run records both")
        }
        if let smoothing = configuration.labelSmoothing, !(0..<1).contains(smoothing) {
            throw invalid("'label_smoothing' is \(smoothing); it must be at least 0 and below 1")
        }
        if let decoding = configuration.decoding {
            do { try decoding.validate() } catch { throw invalid("its decoding settings are invalid: \(error)") }
        }
        guard configuration.isGeneration || (configuration.labelNames.count == configuration.labelValues.count
                                             && configuration.labelValues.count >= 2) else {
            throw invalid("it has \(configuration.labelValues.count) 'label_values' and \(configuration.labelNames.count) "
                + "'label_names'; a classifier needs the same number of each, at least 2")
        }
        return configuration
    }

    /// The configuration `fields` reads, as it was written (paths are not standardized again).
    private init(_ fields: ConfigurationFields) throws {
        model = try fields.required(.model) { try $0.string() }
        task = try fields.optional(.task) { try $0.string() }
        trainFile = try fields.required(.trainFile) { try $0.string() }
        devFile = try fields.optional(.devFile) { try $0.string() }
        textColumn = try fields.optional(.textColumn) { try $0.string() }
        pairColumn = try fields.optional(.pairColumn) { try $0.string() }
        labelColumn = try fields.optional(.labelColumn) { try $0.string() }
        devTextColumn = try fields.optional(.devTextColumn) { try $0.string() }
        sourceColumn = try fields.optional(.sourceColumn) { try $0.string() }
        targetColumn = try fields.optional(.targetColumn) { try $0.string() }
        evaluationFile = try fields.optional(.evaluationFile) { try $0.string() }
        labelSmoothing = try fields.optional(.labelSmoothing) { try $0.float() }
        beams = try fields.optional(.beams) { try $0.int() }
        lengthPenalty = try fields.optional(.lengthPenalty) { try $0.float() }
        noRepeatNGramSize = try fields.optional(.noRepeatNGramSize) { try $0.int() }
        maxNewTokens = try fields.optional(.maxNewTokens) { try $0.int() }
        labelValues = try fields.required(.labelValues) { try $0.array().map { try $0.string() } }
        labelNames = try fields.required(.labelNames) { try $0.array().map { try $0.string() } }
        maxLength = try fields.required(.maxLength) { try $0.int() }
        maxTrainRows = try fields.optional(.maxTrainRows) { try $0.int() }
        epochs = try fields.required(.epochs) { try $0.int() }
        maxSteps = try fields.optional(.maxSteps) { try $0.int() }
        batchSize = try fields.required(.batchSize) { try $0.int() }
        learningRate = try fields.required(.learningRate) { try $0.float() }
        beta1 = try fields.required(.beta1) { try $0.float() }
        beta2 = try fields.required(.beta2) { try $0.float() }
        epsilon = try fields.required(.epsilon) { try $0.float() }
        weightDecay = try fields.required(.weightDecay) { try $0.float() }
        warmupFraction = try fields.required(.warmupFraction) { try $0.float() }
        clipNorm = try fields.optional(.clipNorm) { try $0.float() }
        seed = try fields.required(.seed) { try $0.uint64() }
        workers = try fields.required(.workers) { try $0.int() }
        bucketBatches = try fields.optional(.bucketBatches) { try $0.int() }
        evaluateEvery = try fields.optional(.evaluateEvery) { try $0.int() }
        saveEvery = try fields.optional(.saveEvery) { try $0.int() }
        keepLast = try fields.optional(.keepLast) { try $0.int() }
        keepBest = try fields.optional(.keepBest) { try $0.bool() }
        reallocateEvery = try fields.optional(.reallocateEvery) { try $0.int() }
        reallocateUntil = try fields.optional(.reallocateUntil) { try $0.int() }
        reallocateMinRank = try fields.optional(.reallocateMinRank) { try $0.int() }
        reallocateMaxRank = try fields.optional(.reallocateMaxRank) { try $0.int() }
        kmixVersion = try fields.required(.kmixVersion) { try $0.string() }
        runID = try fields.optional(.runID) { try $0.string() }
    }
}

/// Typed reads of a run's `config.json` whose errors name the file and the key.
private struct ConfigurationFields {
    let object: JSONObject
    let path: String

    /// The value of `key`, which must be present, read by `read`.
    func required<Value>(_ key: RunConfiguration.CodingKeys,
                         _ read: (JSONNode) throws -> Value) throws -> Value {
        guard let node = object[key.stringValue] else {
            throw TrainedRun.LoadError.invalidConfiguration(path: path, reason: "it lacks '\(key.stringValue)'")
        }
        return try self.read(node, read)
    }

    /// The value of `key` read by `read`; nil when absent or `null`.
    func optional<Value>(_ key: RunConfiguration.CodingKeys,
                         _ read: (JSONNode) throws -> Value) throws -> Value? {
        try object.optional(key.stringValue).map { node in try self.read(node, read) }
    }

    private func read<Value>(_ node: JSONNode, _ read: (JSONNode) throws -> Value) throws -> Value {
        do { return try read(node) } catch let error as JSONReadError {
            let key = error.path.hasPrefix("$.") ? String(error.path.dropFirst(2)) : error.path
            throw TrainedRun.LoadError.invalidConfiguration(path: path, reason: "'\(key)' has the wrong type: \(error.reason)")
        }
    }
}

extension OptimizerSettingsProblem.Setting {
    /// The key of a run's `config.json` that records this setting.
    var configurationKey: RunConfiguration.CodingKeys {
        switch self {
        case .learningRate: .learningRate
        case .beta1: .beta1
        case .beta2: .beta2
        case .epsilon: .epsilon
        case .weightDecay: .weightDecay
        case .warmupFraction: .warmupFraction
        case .clipNorm: .clipNorm
        }
    }
}
