import Foundation

/// The resolved configuration of a run, saved as `config.json` in the run folder:
/// enough to evaluate, predict with, or repeat the run. `load(fromRun:)` (`RunConfiguration+Reading.swift`)
/// reads it back.
public struct RunConfiguration: Encodable, Sendable, Equatable {
    /// The model folder.
    public var model: String
    /// The task preset, when one was used.
    public var task: String?
    /// Training and dev files, as absolute, standardized paths, so that the run can be resumed from any folder.
    public var trainFile: String
    public var devFile: String?
    /// Columns chosen by header name.
    public var textColumn: String?
    public var pairColumn: String?
    public var labelColumn: String?
    public var devTextColumn: String?
    /// A generation run's source and target columns (absent for a classification run).
    public var sourceColumn: String?
    public var targetColumn: String?
    /// The file `kmix eval` scores a generation run on, when the task names one.
    public var evaluationFile: String?
    /// A generation run's label smoothing (absent: none).
    public var labelSmoothing: Float?
    /// How a generation run decodes (`kmix eval`, the samples at each evaluation): absent for a classification run.
    public var beams: Int?
    public var lengthPenalty: Float?
    public var noRepeatNGramSize: Int?
    public var maxNewTokens: Int?
    /// Label values as written in the data, in class-index order, and their display names.
    public var labelValues: [String]
    public var labelNames: [String]
    /// Token limit per example.
    public var maxLength: Int
    /// Rows of the training file used (nil: all).
    public var maxTrainRows: Int?
    /// Training settings.
    public var epochs: Int
    public var maxSteps: Int?
    public var batchSize: Int
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    public var warmupFraction: Float
    public var clipNorm: Float?
    public var seed: UInt64
    public var workers: Int
    /// Batches per length bucket (absent in runs made before the option existed: 50).
    public var bucketBatches: Int?
    /// Reallocation of the per-head ranks during the run (absent: none): every, until, minimum and maximum rank.
    public var reallocateEvery: Int?
    public var reallocateUntil: Int?
    public var reallocateMinRank: Int?
    public var reallocateMaxRank: Int?
    /// Evaluate every this many steps (nil: at the end only).
    public var evaluateEvery: Int?
    /// Checkpoint every this many steps, how many to keep, and whether to keep the best by dev accuracy.
    public var saveEvery: Int?
    public var keepLast: Int?
    public var keepBest: Bool?
    /// The kmix version that trained it.
    public var kmixVersion: String
    /// The run's identity, a UUID written into each of its checkpoints (absent in runs made before runs had one).
    public var runID: String?

    /// A configuration with every field given; relative `trainFile` and `devFile` paths are recorded resolved
    /// against the current directory.
    public init(model: String, task: String?, trainFile: String, devFile: String?, textColumn: String?,
                pairColumn: String?, labelColumn: String?, devTextColumn: String?, labelValues: [String],
                labelNames: [String], maxLength: Int, maxTrainRows: Int?, parameters: TrainingParameters) {
        self.model = model
        self.task = task
        self.trainFile = URL(fileURLWithPath: trainFile).standardizedFileURL.path
        self.devFile = devFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.textColumn = textColumn
        self.pairColumn = pairColumn
        self.labelColumn = labelColumn
        self.devTextColumn = devTextColumn
        self.labelValues = labelValues
        self.labelNames = labelNames
        self.maxLength = maxLength
        self.maxTrainRows = maxTrainRows
        epochs = parameters.epochs
        maxSteps = parameters.maxSteps
        batchSize = parameters.batchSize
        learningRate = parameters.optimizer.learningRate
        beta1 = parameters.optimizer.beta1
        beta2 = parameters.optimizer.beta2
        epsilon = parameters.optimizer.epsilon
        weightDecay = parameters.optimizer.weightDecay
        warmupFraction = parameters.optimizer.warmupFraction
        clipNorm = parameters.optimizer.clipNorm
        seed = parameters.seed
        workers = parameters.workers
        bucketBatches = parameters.bucketBatches
        evaluateEvery = parameters.evaluateEvery
        reallocateEvery = parameters.reallocation?.every
        reallocateUntil = parameters.reallocation?.until
        reallocateMinRank = parameters.reallocation?.minRank
        reallocateMaxRank = parameters.reallocation?.maxRank
        labelSmoothing = parameters.labelSmoothing == 0 ? nil : parameters.labelSmoothing
        kmixVersion = KMixVersion.current
        runID = UUID().uuidString
    }

    enum CodingKeys: String, CodingKey {
        case model, task, epochs, seed, workers, epsilon
        case bucketBatches = "bucket_batches", evaluateEvery = "eval_every", saveEvery = "save_every"
        case keepLast = "keep_last", keepBest = "keep_best"
        case trainFile = "train_file", devFile = "dev_file", textColumn = "text_column", pairColumn = "pair_column"
        case labelColumn = "label_column", devTextColumn = "dev_text_column", labelValues = "label_values"
        case labelNames = "label_names", maxLength = "max_length", maxTrainRows = "max_train_rows"
        case maxSteps = "max_steps", batchSize = "batch_size", learningRate = "learning_rate"
        case beta1 = "beta1", beta2 = "beta2", weightDecay = "weight_decay", warmupFraction = "warmup_fraction"
        case clipNorm = "clip_norm", kmixVersion = "kmix_version", runID = "run_id"
        case reallocateEvery = "reallocate_every", reallocateUntil = "reallocate_until"
        case reallocateMinRank = "reallocate_min_rank", reallocateMaxRank = "reallocate_max_rank"
        case sourceColumn = "source_column", targetColumn = "target_column", evaluationFile = "eval_file"
        case labelSmoothing = "label_smoothing", beams, lengthPenalty = "length_penalty"
        case noRepeatNGramSize = "no_repeat_ngram_size", maxNewTokens = "max_new_tokens"
    }

    /// Whether the run trains a language model on source/target pairs.
    public var isGeneration: Bool { sourceColumn != nil && targetColumn != nil }

    /// How a generation run decodes, from what it records (the E2E scripts' settings where absent: beam 10,
    /// length penalty 0.9, no repeated 4-grams, 64 new tokens); nil for a classification run.
    public var decoding: GenerationSettings? {
        guard isGeneration else { return nil }
        let defaults = GenerationSettings.dataToText
        return GenerationSettings(maxNewTokens: maxNewTokens ?? defaults.maxNewTokens, beams: beams ?? defaults.beams,
                                  lengthPenalty: lengthPenalty ?? defaults.lengthPenalty,
                                  noRepeatNGramSize: noRepeatNGramSize ?? defaults.noRepeatNGramSize,
                                  earlyStopping: defaults.earlyStopping)
    }

    /// Records `settings` as the run's decoding settings.
    public mutating func record(decoding settings: GenerationSettings) {
        beams = settings.beams
        lengthPenalty = settings.lengthPenalty
        noRepeatNGramSize = settings.noRepeatNGramSize
        maxNewTokens = settings.maxNewTokens
    }

    /// The training parameters this configuration describes.
    public var parameters: TrainingParameters {
        TrainingParameters(epochs: epochs, maxSteps: maxSteps, batchSize: batchSize,
                           optimizer: OptimizerSettings(learningRate: learningRate, beta1: beta1, beta2: beta2,
                                                        epsilon: epsilon, weightDecay: weightDecay,
                                                        warmupFraction: warmupFraction, clipNorm: clipNorm),
                           seed: seed, evaluateEvery: evaluateEvery, workers: workers,
                           bucketBatches: bucketBatches ?? 50, reallocation: reallocation,
                           labelSmoothing: labelSmoothing ?? 0)
    }

    /// The reallocation this configuration records, if any.
    public var reallocation: Reallocation? {
        guard let reallocateEvery, let reallocateUntil else { return nil }
        return Reallocation(every: reallocateEvery, until: reallocateUntil, minRank: reallocateMinRank ?? 1,
                            maxRank: reallocateMaxRank)
    }

    /// The configuration as pretty-printed JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
